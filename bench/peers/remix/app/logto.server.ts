/**
 * The Logto Remix SDK set up the way Logto's quick start does: a cookie session storage and
 * `makeLogtoRemix`. Development defaults match the `peer-remix` client of apps/idp.
 */
import { makeLogtoRemix } from "@logto/remix";
import { createCookieSessionStorage } from "@remix-run/node";

const env = process.env;
const port = env.PEER_REMIX_PORT ?? "4604";
const baseUrl = env.PEER_REMIX_URL ?? `http://localhost:${port}`;

const sessionStorage = createCookieSessionStorage({
  cookie: {
    // Cookies are shared across ports on localhost, so the name must not clash with the other apps.
    name: "peer-remix-session",
    maxAge: 14 * 24 * 60 * 60,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: baseUrl.startsWith("https:"),
    secrets: [env.LOGTO_SESSION_SECRET ?? "dev-peer-remix-session-secret-change-me"],
  },
});

export const logto = makeLogtoRemix(
  {
    endpoint: env.LOGTO_ENDPOINT ?? "http://localhost:4601",
    appId: env.LOGTO_APP_ID ?? "peer-remix",
    appSecret: env.LOGTO_APP_SECRET ?? "dev-peer-remix-secret",
    baseUrl,
    scopes: ["openid", "profile", "email", "offline_access"],
  },
  { sessionStorage },
);
