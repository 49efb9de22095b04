import { logto } from "~/auth";

export const proxy = logto.proxy;

/**
 * The proxy runs only where it has work: anonymous visitors (silent sign-in), sessions due for renewal (no
 * fresh-session hint), form posts (the cross-site check), Logto's callback when it brings an error or no code,
 * and the sign-in route (503 while Logto is down). Next.js reads this at build time: literals only, each cookie under its http and its https name.
 */
export const config = {
  matcher: [
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", missing: [{ type: "cookie", key: "authjs.session-fresh" }, { type: "cookie", key: "__Host-authjs.session-fresh" }] },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", missing: [{ type: "cookie", key: "authjs.session-token" }, { type: "cookie", key: "__Secure-authjs.session-token" }] },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "content-type" }] },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "next-action" }] },
    { source: "/api/auth/callback/logto", has: [{ type: "query", key: "error" }] },
    { source: "/api/auth/callback/logto", missing: [{ type: "query", key: "code" }] },
    "/auth/sign-in",
  ],
};
