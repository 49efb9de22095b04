import { spawn } from "node:child_process";
import { expect, test } from "../fixtures";
import { ports, serverEnv } from "../servers";

/**
 * An issuer written unlike the one Logto announces must stop each app at start with one message naming
 * AUTH_LOGTO_ISSUER, not fail every page. The suite's IdP announces http://localhost:<port>/oidc.
 */
const wrongIssuers = [
  [
    `http://127.0.0.1:${ports.idp}/oidc`,
    /AUTH_LOGTO_ISSUER is "http:\/\/127\.0\.0\.1:\d+\/oidc", but Logto announces the issuer "http:\/\/localhost:\d+\/oidc"/,
  ],
  [`http://localhost:${ports.idp}`, /AUTH_LOGTO_ISSUER is "http:\/\/localhost:\d+", but .* is not found: it is not a Logto issuer/],
] as const;

for (const app of ["web", "remix"] as const) {
  test(`${app}: an issuer unlike the one Logto announces stops the app at start, naming AUTH_LOGTO_ISSUER`, async () => {
    test.setTimeout(90_000);
    const port = String(Number(process.env.E2E_WRONG_ISSUER_PORT ?? 4799));
    for (const [issuer, message] of wrongIssuers) {
      const child = spawn("pnpm", ["--dir", `../apps/${app}`, "start"], {
        env: {
          ...process.env,
          ...serverEnv,
          ...(app === "web" ? { WEB_PORT: port } : { REMIX_PORT: port }),
          AUTH_LOGTO_ISSUER: issuer,
          AUTH_LOGTO_ID: app,
          AUTH_LOGTO_SECRET: "a-client-secret",
          AUTH_SECRET: "a-secret-of-more-than-thirty-two-characters",
          AUTH_URL: `http://localhost:${port}`,
        },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          if (child.pid) process.kill(-child.pid, "SIGKILL");
          resolve(null);
        }, 30_000);
        child.on("exit", (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect(code, `still running with ${issuer}`).not.toBeNull();
      expect(code, output).not.toBe(0);
      expect(output).toMatch(message);
    }
  });
}
