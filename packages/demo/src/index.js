export { loadHuggingFacePage } from "./hugging-face.js";
export { callNotesApi, demoNotesApi, demoNotesApiUrl, demoRbacSeed } from "./notes-api.js";
export { portFromEnv } from "./port.js";
export { guardRequest, malformedRequest } from "./request-guard.js";
export { demoApp, demoClients, demoPort, demoServers } from "./topology.js";
export { waitUntilAnswering } from "./wait.js";
