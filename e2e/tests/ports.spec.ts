import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { waitUntilAnswering } from "@logto-hf/demo";
import { expect, test } from "../fixtures";
import { startExpectingExit, stopOwnApp } from "../own-servers";
import { openServerLog } from "../server-logs";
import { ownPorts, ports, serverEnv, urls } from "../servers";

/**
 * Each app's port comes from the shell or from its own .env files (as the rest of its settings), and a port unlike a
 * loopback AUTH_URL's stops the app at start. The suite's second instances (web2, remix2) prove the other side:
 * with AUTH_BEHIND_PROXY=1 they serve the first instances' AUTH_URL from ports of their own.
 */
const repo = fileURLToPath(new URL("../..", import.meta.url));
const portVariables = { web: "WEB_PORT", remix: "REMIX_PORT" } as const;
const signInPaths = { web: "/auth/sign-in?returnTo=%2F", remix: "/auth/sign-in?returnTo=%2F" } as const;
const callbackPaths = { web: "/api/auth/callback/logto", remix: "/auth/callback" } as const;

let scratch: string;
test.beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "e2e-ports-"));
});
test.afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** What `scripts/app-port.mjs`, run by each app's dev and start scripts, finds in a folder holding `files`. */
async function portOf(
  app: "web" | "remix",
  task: "dev" | "start",
  files: Record<string, string>,
  shell: Record<string, string> = {},
) {
  const dir = await mkdtemp(join(scratch, "env-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const { stdout } = await promisify(execFile)(process.execPath, [join(repo, "scripts/app-port.mjs"), app, task], {
    cwd: dir,
    env: { ...process.env, WEB_PORT: undefined, REMIX_PORT: undefined, ...shell },
  });
  return stdout.trim();
}

test("an app's port comes from the shell, else from its .env files in the order its framework reads them", async () => {
  expect(await portOf("web", "start", {})).toBe("3000");
  expect(await portOf("web", "start", { ".env": "WEB_PORT=4001\n" })).toBe("4001");
  expect(await portOf("web", "start", { ".env": "WEB_PORT=4001\n", ".env.local": "# mine\nWEB_PORT=4002\n" })).toBe(
    "4002",
  );
  const modes = {
    ".env.local": "WEB_PORT=4002",
    ".env.production.local": "WEB_PORT=4003",
    ".env.development.local": "WEB_PORT=4004",
  };
  expect(await portOf("web", "start", modes)).toBe("4003");
  expect(await portOf("web", "dev", modes)).toBe("4004");
  expect(await portOf("web", "start", { ".env.local": "WEB_PORT=4002" }, { WEB_PORT: "4005" })).toBe("4005");
  expect(await portOf("remix", "start", {})).toBe("3002");
  // app/env.server.ts loads .env only.
  expect(await portOf("remix", "start", { ".env": "REMIX_PORT=4006", ".env.local": "REMIX_PORT=4007" })).toBe("4006");
  expect(await portOf("remix", "dev", { ".env": "REMIX_PORT=4006" }, { REMIX_PORT: "4008" })).toBe("4008");
  await expect(portOf("web", "start", { ".env.local": "WEB_PORT=web" })).rejects.toThrow(
    /WEB_PORT must be a port number \(1 to 65535\), got "web"/,
  );
});

for (const app of ["web", "remix"] as const) {
  test(`${app}: a port unlike AUTH_URL's stops the app at start with one message naming both`, async () => {
    test.setTimeout(60_000);
    const port = ownPorts.wrongIssuer;
    const { code, output } = await startExpectingExit(app, {
      ...serverEnv,
      [portVariables[app]]: String(port),
      AUTH_URL: urls[app],
    });
    expect(code, `still running on port ${port} with AUTH_URL ${urls[app]}`).not.toBeNull();
    expect(code, output).not.toBe(0);
    expect(output).toContain(
      `AUTH_URL is ${urls[app]} but this server listens on port ${port}: ` +
        `set ${portVariables[app]}=${ports[app]} or change AUTH_URL`,
    );
  });

  test(`${app}: \`pnpm start\` listens on the port set in the app's .env file, and builds its URLs on it`, async () => {
    test.setTimeout(90_000);
    const port = ownPorts.wrongIssuer;
    // The app's files, linked into a folder of its own: the test writes a .env file there, never in the app's folder.
    const dir = join(await mkdtemp(join(scratch, "app-")), "apps", app);
    await mkdir(dir, { recursive: true });
    await symlink(join(repo, "scripts"), join(dir, "../../scripts"));
    for (const entry of await readdir(join(repo, "apps", app))) {
      if (!entry.startsWith(".env")) await symlink(join(repo, "apps", app, entry), join(dir, entry));
    }
    await writeFile(join(dir, app === "web" ? ".env.local" : ".env"), `${portVariables[app]}=${port}\n`);
    const log = openServerLog(`${app}-${port}`);
    const child = spawn("pnpm", ["start"], {
      cwd: dir,
      env: {
        ...process.env,
        ...serverEnv,
        [portVariables[app]]: undefined,
        AUTH_REVOCATION_FILE: join(dir, "revocations.json"),
      },
      stdio: ["ignore", log.fd, log.fd],
      detached: true,
    });
    log.close();
    const exited = new Promise((resolve) => child.on("exit", resolve));
    try {
      const origin = `http://localhost:${port}`;
      await waitUntilAnswering(`${origin}/`, { timeoutMs: 60_000 });
      // The app read the same file: without AUTH_URL it is on this port, so Logto is asked to send the visitor back
      // here.
      const signIn = await fetch(`${origin}${signInPaths[app]}`, {
        redirect: "manual",
        headers: { accept: "text/html" },
      });
      expect([302, 303, 307], await signIn.text()).toContain(signIn.status);
      const authorization = new URL(signIn.headers.get("location") ?? "");
      expect(authorization.origin).toBe(urls.idp);
      expect(authorization.searchParams.get("redirect_uri")).toBe(`${origin}${callbackPaths[app]}`);
    } finally {
      stopOwnApp(child);
      await exited;
    }
  });
}
