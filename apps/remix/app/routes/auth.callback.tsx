import type { LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OAuth2RequestError } from "remix-auth-oauth2";
import { getAuthenticator } from "~/auth.server";
import { getSession, sessionStorage } from "~/session.server";

const oauthErrorMessages: Record<string, string> = {
  access_denied: "The sign-in was cancelled or access was denied.",
  login_required: "You are not signed in at the identity provider.",
  consent_required: "The identity provider needs your consent for this app.",
  interaction_required: "The identity provider needs you to sign in again.",
  temporarily_unavailable: "The identity provider is temporarily unavailable. Please try again.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const authenticator = await getAuthenticator();
  const session = await getSession(request);
  try {
    const signedIn = await authenticator.authenticate("logto", request);
    const returnTo = session.get("returnTo") ?? "/";
    session.set("user", signedIn.user);
    session.set("idToken", signedIn.idToken);
    if (signedIn.refreshToken) session.set("refreshToken", signedIn.refreshToken);
    if (signedIn.accessTokenExpiresAt) session.set("accessTokenExpiresAt", signedIn.accessTokenExpiresAt);
    return redirect(returnTo, { headers: { "Set-Cookie": await sessionStorage.commitSession(session) } });
  } catch (thrown) {
    if (thrown instanceof Response) throw thrown;
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
