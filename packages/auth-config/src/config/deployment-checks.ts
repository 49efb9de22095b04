import type { LogtoConfigIssue } from "./config-error.js";
import type { LoadLogtoConfigOptions } from "./types.js";

/** Whether a URL points at this machine. */
export function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A browser on this machine reaches a loopback AUTH_URL directly: on another port than this server's, every sign-in
 * would come back to another server or to none. A public AUTH_URL is served through something (a reverse proxy, a load
 * balancer, a port mapping), so its port says nothing about this server's.
 */
export function portProblem(appUrl: string, port: number | undefined, portVariable: string): string | undefined {
  if (port === undefined || port === 0 || !isLoopback(appUrl)) return undefined;
  const url = new URL(appUrl);
  const urlPort = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  if (urlPort === port) return undefined;
  return (
    `is ${appUrl} but this server listens on port ${port}: set ${portVariable}=${urlPort} or change AUTH_URL ` +
    "(AUTH_BEHIND_PROXY=1 if a proxy in front of this server serves AUTH_URL)"
  );
}

/**
 * A production app talking to a real issuer must not run on what was committed for the local demo. The local
 * IdP on localhost stays allowed, so that a production build of the demo still starts.
 */
export function productionProblems(
  parsed: { AUTH_LOGTO_ISSUER: string; AUTH_SECRET: string; AUTH_LOGTO_SECRET: string },
  nodeEnv: string | undefined,
  developmentDefaults: LoadLogtoConfigOptions["developmentDefaults"],
): LogtoConfigIssue[] {
  if (nodeEnv !== "production" || isLoopback(parsed.AUTH_LOGTO_ISSUER)) return [];
  const issues: LogtoConfigIssue[] = [];
  if (parsed.AUTH_LOGTO_ISSUER.startsWith("http:")) {
    issues.push({
      variable: "AUTH_LOGTO_ISSUER",
      message: "must use https: in production (only an IdP on localhost may use http:)",
    });
  }
  if (developmentDefaults && parsed.AUTH_SECRET === developmentDefaults.AUTH_SECRET) {
    issues.push({
      variable: "AUTH_SECRET",
      message: "is the committed development secret: generate your own (`openssl rand -base64 33`)",
    });
  }
  if (developmentDefaults && parsed.AUTH_LOGTO_SECRET === developmentDefaults.AUTH_LOGTO_SECRET) {
    issues.push({
      variable: "AUTH_LOGTO_SECRET",
      message: "is the local IdP's demo secret: use the App secret from Logto Console",
    });
  }
  return issues;
}
