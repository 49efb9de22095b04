/** A local Logto-compatible OpenID Provider with a Hugging Face stand-in, for development and tests. */

/**
 * The demo's two apps as clients, on the ports of `env` (`WEB_PORT`, `REMIX_PORT`): `@logto-hf/demo` holds the demo's
 * topology.
 */
export { demoClients as defaultClients } from "@logto-hf/demo";
export type { RbacSeed } from "./rbac.js";
export { startIdp } from "./server.js";
export type { HuggingFaceOptions, IdpClient, Logger, RunningIdp, StartIdpOptions } from "./types.js";
