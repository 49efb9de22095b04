import { isIssuerReachable, safeReturnTo } from "@logto-hf/auth-config";
import type { NextRequest } from "next/server";
import { signIn } from "~/auth";
import { logto } from "~/env";

/** Starts a sign-in from a link or a redirect (Auth.js starts one only from a POST or a server-side call). */
export async function GET(request: NextRequest) {
  if (!(await isIssuerReachable(logto.issuer))) return signInUnavailable();
  await signIn("logto", { redirectTo: safeReturnTo(request.nextUrl.searchParams.get("callbackUrl")) });
}

/** The IdP does not answer: a page that says so, with 503, rather than an error from deep inside Auth.js. */
function signInUnavailable(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in is unavailable</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;background:#f4f4f7;color:#111827}main{max-width:34rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem;border-left:4px solid #dc2626}a{color:#5d34f2}</style></head>
<body><main data-testid="sign-in-unavailable"><h1>Sign-in is unavailable</h1>
<p>The sign-in service does not answer right now. Please try again in a moment.</p><p><a href="/">Back to the home page</a></p></main></body></html>`;
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "retry-after": "10", "cache-control": "no-store" } });
}
