import { Link } from "react-router";
import { logto } from "~/auth.server";

export const loader = logto.routes.signIn.loader;
export const action = logto.routes.signIn.action;

/** Rendered only when Logto does not answer (503); otherwise the route redirects to Logto. */
export default function SignInUnavailable() {
  return (
    <main>
      <h1>Sign-in is unavailable</h1>
      <p>The sign-in service does not answer right now. Please try again in a moment.</p>
      <Link to="/">Back to the home page</Link>
    </main>
  );
}
