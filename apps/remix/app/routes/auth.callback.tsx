import { Link, useLoaderData } from "@remix-run/react";
import { logto } from "~/auth.server";

export const loader = logto.routes.callback.loader;

/** Rendered only when the sign-in did not complete (400); otherwise the route redirects to the page asked for. */
export default function AuthCallbackError() {
  const { message, cancelled } = useLoaderData<typeof loader>();
  // Declined at Hugging Face or Logto: not a failure, and one click from trying again.
  if (cancelled) {
    return (
      <section className="card" data-testid="sign-in-cancelled">
        <h1>Sign-in cancelled</h1>
        <p>{message}</p>
        <div className="actions">
          <Link className="button" to="/auth/sign-in" reloadDocument>
            Try again
          </Link>
          <Link className="button secondary" to="/">
            Back to the home page
          </Link>
        </div>
      </section>
    );
  }
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
