import { Link, useLoaderData } from "react-router";
import { logto } from "~/auth.server";

export const loader = logto.routes.callback.loader;

/** Rendered only when the sign-in failed (400); otherwise the route redirects to the page asked for. */
export default function SignInFailed() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Sign-in failed</h1>
      <p>{message}</p>
      <Link to="/">Back to the home page</Link>
    </main>
  );
}
