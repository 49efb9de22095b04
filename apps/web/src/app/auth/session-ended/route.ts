import { safeReturnTo } from "@logto-hf/auth-config";
import type { NextRequest } from "next/server";
import { logto } from "~/env";
import { clearSessionFreshCookie } from "~/session-fresh";

/** Drops the fresh-session hint and goes back: the next view goes through the proxy (see `pageSession`). */
export function GET(request: NextRequest) {
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get("returnTo"));
  return new Response(null, {
    status: 303,
    headers: { location: new URL(returnTo, logto.appUrl).href, "set-cookie": clearSessionFreshCookie(), "cache-control": "no-store" },
  });
}
