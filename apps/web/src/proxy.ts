import { logto } from "~/auth";

export const proxy = logto.proxy;

/** Only where the proxy has work (see the package README); Next.js reads this at build time: literals only. */
export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "cookie", key: "web-session-fresh" },
        { type: "cookie", key: "__Host-web-session-fresh" },
      ],
    },
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "cookie", key: "web-session-token" },
        { type: "cookie", key: "__Host-web-session-token" },
      ],
    },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "content-type" }] },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "next-action" }] },
    { source: "/api/auth/callback/logto", has: [{ type: "query", key: "error" }] },
    { source: "/api/auth/callback/logto", missing: [{ type: "query", key: "code" }] },
    "/auth/sign-in",
  ],
};
