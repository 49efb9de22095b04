/** The demo's topology, the one port parser, the one wait-until-answering helper, and the apps' servers' request guard. */

export { type HubToken, type HuggingFacePageData, loadHuggingFacePage } from "./hugging-face.js";
export { callNotesApi, demoNotesApi, demoNotesApiUrl, demoRbacSeed, type NotesApiCall } from "./notes-api.js";
export { type Env, portFromEnv } from "./port.js";
export { guardRequest, malformedRequest } from "./request-guard.js";
export {
  type DemoApp,
  type DemoAppSetup,
  type DemoClient,
  type DemoServer,
  demoApp,
  demoClients,
  demoPort,
  demoServers,
} from "./topology.js";
export { type WaitOptions, waitUntilAnswering } from "./wait.js";
