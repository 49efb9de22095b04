import Link from "next/link";

/** Served with status 503 by /auth/sign-in while Logto does not answer. */
export default function SignInUnavailable() {
  return (
    <main>
      <h1>Sign-in is unavailable</h1>
      <p>The sign-in service does not answer right now. Please try again in a moment.</p>
      <Link href="/">Back to the home page</Link>
    </main>
  );
}
