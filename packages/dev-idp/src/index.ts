/** A local Logto-compatible OpenID Provider with a Hugging Face stand-in, for development and tests. */
export type { HuggingFaceOptions, IdpClient, Logger, RunningIdp, StartIdpOptions } from "./types.js";
export { startIdp } from "./server.js";
export { defaultClients, demoApp, type DemoApp, type DemoEnv } from "./demo.js";
