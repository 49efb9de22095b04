import { handleSignIn } from "@logto/next/server-actions";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { logtoConfig } from "~/logto";

export async function GET(request: NextRequest) {
  // Redirects to the sign-in's postRedirectUri when it has one.
  await handleSignIn(logtoConfig, request.nextUrl.searchParams);
  redirect("/");
}
