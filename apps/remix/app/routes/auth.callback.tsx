import type { LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OAuth2RequestError } from "remix-auth-oauth2";
import { getAuthenticator, probe, probeRedirect } from "~/auth.server";
import { getSession, sessionStorage } from "~/session.server";

const oauthErrorMessages: Record<string, string> = {
  access_denied: "The sign-in was cancelled or access was denied.",
  login_required: "You are not signed in at the identity provider.",
  consent_required: "The identity provider needs your consent for this app.",
  interaction_required: "The identity provider needs you to sign in again.",
  temporarily_unavailable: "The identity provider is temporarily unavailable. Please try again.",
  server_error: "The identity provider could not complete the sign-in. Please try again.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const authenticator = await getAuthenticator();
  const session = await getSession(request);
  try {
    const signedIn = await authenticator.authenticate("logto", request);
    const returnTo = probe.read(request)?.returnTo ?? session.get("returnTo") ?? "/";
    for (const [key, value] of Object.entries(signedIn)) session.set(key as keyof typeof signedIn, value as never);
    const headers = new Headers({ "Set-Cookie": await sessionStorage.commitSession(session) });
    headers.append("Set-Cookie", probe.clear());
    return redirect(returnTo, { headers });
  } catch (thrown) {
    if (thrown instanceof Response) throw thrown;
    // The strategy checked state and issuer before surfacing the IdP's error: it answers our own request.
    if (thrown instanceof OAuth2RequestError) {
      const outcome = probe.onError(request, thrown.code);
      if (outcome.action === "retry-with-consent") {
        throw await probeRedirect(request, "consent", probe.serialize(outcome.state));
      }
      if (outcome.action === "signed-out") {
        throw redirect(outcome.state.returnTo, { headers: { "Set-Cookie": probe.serialize(outcome.state) } });
      }
    }
    const message =
      thrown instanceof OAuth2RequestError
        ? (oauthErrorMessages[thrown.code] ?? `The identity provider answered "${thrown.code}".`)
        : "The sign-in response could not be verified. Please start again.";
    console.warn("Sign-in callback refused:", thrown instanceof Error ? thrown.message : thrown);
    return data({ message }, { status: 400, headers: { "Set-Cookie": await sessionStorage.commitSession(session) } });
  }
}

export default function AuthCallbackError() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <section className="card error" data-testid="auth-error">
      <h1>Sign-in failed</h1>
      <p>{message}</p>
      <div className="actions">
        <Link className="button" to="/">
          Back to the home page
        </Link>
      </div>
    </section>
  );
}
