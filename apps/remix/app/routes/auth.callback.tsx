import { Link, useLoaderData } from "@remix-run/react";
import { logto } from "~/auth.server";

export const loader = logto.routes.callback.loader;

/** Rendered only when the sign-in failed (400); otherwise the route redirects to the page asked for. */
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
