/** The demo's topology, the one port parser and the one wait-until-answering helper of the repository. */
export { type Env, portFromEnv } from "./port.js";
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
