import { Link } from "@remix-run/react";
import { logto } from "~/auth.server";

export const loader = logto.routes.signIn.loader;
export const action = logto.routes.signIn.action;

/** Rendered only when Logto does not answer (503); otherwise the route redirects to Logto. */
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
