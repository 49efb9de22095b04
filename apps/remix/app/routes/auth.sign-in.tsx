import { isIssuerReachable, safeReturnTo } from "@logto-hf/auth-config";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getAuthenticator } from "~/auth.server";
import { logto } from "~/env.server";
import { getSession, sessionStorage } from "~/session.server";

/** Sends the browser to Logto, remembering where to come back to; the strategy answers with a redirect. */
async function startSignIn(request: Request, returnTo: string) {
  // The IdP does not answer: say so with 503, rather than fail deep inside the strategy.
  if (!(await isIssuerReachable(logto.issuer))) {
    return data({ unavailable: true }, { status: 503, headers: { "Retry-After": "10", "Cache-Control": "no-store" } });
  }
  const authenticator = await getAuthenticator();
  const session = await getSession(request);
  session.flash("returnTo", returnTo);
  try {
    await authenticator.authenticate("logto", request);
  } catch (thrown) {
    if (thrown instanceof Response) {
      thrown.headers.append("Set-Cookie", await sessionStorage.commitSession(session));
    }
    throw thrown;
  }
  throw new Error("The Logto strategy did not redirect to the issuer.");
}

export async function loader({ request }: LoaderFunctionArgs) {
  return startSignIn(request, safeReturnTo(new URL(request.url).searchParams.get("returnTo")));
}

export async function action({ request }: ActionFunctionArgs) {
  // remix-auth copies the request, so its body must still be unread.
  const form = await request.clone().formData();
  return startSignIn(request, safeReturnTo(form.get("returnTo")));
}

export default function SignInUnavailable() {
  return (
    <section className="card error" data-testid="sign-in-unavailable">
      <h1>Sign-in is unavailable</h1>
      <p>The sign-in service does not answer right now. Please try again in a moment.</p>
      <div className="actions">
        <Link className="button" to="/">
          Back to the home page
        </Link>
      </div>
    </section>
  );
}
