export { portFromEnv } from "./port.js";
export { demoApp, demoClients, demoPort, demoServers } from "./topology.js";
export { waitUntilAnswering } from "./wait.js";
