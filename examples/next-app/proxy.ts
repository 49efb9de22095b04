import { logto } from "@/auth";

export const proxy = logto.proxy;

// Next.js reads the matcher at build time: literals only. Write your app's name where this one says "shop".
export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "cookie", key: "shop-session-fresh" },
        { type: "cookie", key: "__Host-shop-session-fresh" },
      ],
    },
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "cookie", key: "shop-session-token" },
        { type: "cookie", key: "__Host-shop-session-token" },
      ],
    },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "content-type" }] },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "next-action" }] },
    { source: "/api/auth/callback/logto", has: [{ type: "query", key: "error" }] },
    { source: "/api/auth/callback/logto", missing: [{ type: "query", key: "code" }] },
    "/auth/sign-in",
  ],
};
