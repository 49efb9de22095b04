import Link from "next/link";

/** Served with 503 for /auth/sign-in while Logto does not answer (see the proxy). */
export default function SignInUnavailablePage() {
  return (
    <section className="card error" data-testid="sign-in-unavailable">
      <h1>Sign-in is unavailable</h1>
      <p>The sign-in service does not answer right now. Please try again in a moment.</p>
      <div className="actions">
        <Link className="button" href="/">
          Back to the home page
        </Link>
      </div>
    </section>
  );
}
