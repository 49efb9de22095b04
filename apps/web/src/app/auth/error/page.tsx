import Link from "next/link";

const messages: Record<string, string> = {
  Configuration: "Sign-in is not configured correctly on the server. Check the server log.",
  AccessDenied: "Access was denied.",
  OAuthCallbackError: "The identity provider refused the sign-in or it was cancelled.",
  CallbackRouteError: "The sign-in could not be completed. Please try again.",
  Verification: "The sign-in link is no longer valid.",
};

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <section className="card error" data-testid="auth-error">
      <h1>Sign-in failed</h1>
      <p>{(error && messages[error]) ?? "Something went wrong while signing in. Please try again."}</p>
      <div className="actions">
        <Link className="button" href="/">
          Back to the home page
        </Link>
      </div>
    </section>
  );
}
