export type { HuggingFaceOptions, IdpClient, Logger, RunningIdp, StartIdpOptions } from "./types.js";
export { startIdp } from "./server.js";
export { defaultClients } from "./clients.js";
