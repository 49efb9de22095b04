// `node ../../scripts/app-port.mjs web start`, run by an app's dev and start scripts from the app's folder: prints the
// port it listens on, from the shell or from its .env files (Next.js and remix-serve read no port from those).
import { appPort } from "./app-env.mjs";

const [app, task] = process.argv.slice(2);
if ((app !== "web" && app !== "remix") || (task !== "dev" && task !== "start")) {
  console.error("usage: node scripts/app-port.mjs web|remix dev|start");
  process.exit(2);
}
try {
  // A string, not a number: console.log colours numbers when FORCE_COLOR is set (as Playwright sets it for its
  // servers).
  process.stdout.write(`${appPort(app, task, process.cwd())}\n`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
