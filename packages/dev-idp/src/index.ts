/** A local Logto-compatible OpenID Provider with a Hugging Face stand-in, for development and tests. */

export { type DemoApp, type DemoEnv, defaultClients, demoApp } from "./demo.js";
export { startIdp } from "./server.js";
export type { HuggingFaceOptions, IdpClient, Logger, RunningIdp, StartIdpOptions } from "./types.js";
