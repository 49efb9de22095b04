import { safeReturnTo } from "@logto-hf/auth-config";
import type { NextRequest } from "next/server";
import { signIn } from "~/auth";

/** Starts a sign-in from a link or a redirect (Auth.js starts one only from a POST or a server-side call). */
export async function GET(request: NextRequest) {
  await signIn("logto", { redirectTo: safeReturnTo(request.nextUrl.searchParams.get("callbackUrl")) });
}
