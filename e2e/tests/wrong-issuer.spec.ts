import { expect, test } from "../fixtures";
import { startExpectingExit } from "../own-servers";
import { ownPorts, ports, serverEnv } from "../servers";

/**
 * An issuer written unlike the one Logto announces must stop each app at start with one message naming
 * AUTH_LOGTO_ISSUER, not fail every page. The suite's IdP announces http://localhost:<port>/oidc.
 */
const wrongIssuers = [
  [
    `http://127.0.0.1:${ports.idp}/oidc`,
    /AUTH_LOGTO_ISSUER is "http:\/\/127\.0\.0\.1:\d+\/oidc", but Logto announces the issuer "http:\/\/localhost:\d+\/oidc"/,
  ],
  [
    `http://localhost:${ports.idp}`,
    /AUTH_LOGTO_ISSUER is "http:\/\/localhost:\d+", but .* is not found: it is not a Logto issuer/,
  ],
] as const;

for (const app of ["web", "remix"] as const) {
  test(`${app}: an issuer unlike the one Logto announces stops the app at start, naming AUTH_LOGTO_ISSUER`, async () => {
    test.setTimeout(90_000);
    const port = String(ownPorts.wrongIssuer);
    for (const [issuer, message] of wrongIssuers) {
      const { code, output } = await startExpectingExit(
        app,
        {
          ...serverEnv,
          ...(app === "web" ? { WEB_PORT: port } : { REMIX_PORT: port }),
          AUTH_LOGTO_ISSUER: issuer,
          AUTH_LOGTO_ID: app,
          AUTH_LOGTO_SECRET: "a-client-secret",
          AUTH_SECRET: "a-secret-of-more-than-thirty-two-characters",
          AUTH_URL: `http://localhost:${port}`,
        },
        30_000,
      );
      expect(code, `still running with ${issuer}`).not.toBeNull();
      expect(code, output).not.toBe(0);
      expect(output).toMatch(message);
    }
  });
}
