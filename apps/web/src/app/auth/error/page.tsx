import Link from "next/link";
import { signInErrorMessage } from "@logto-hf/auth-config/next-auth";

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <section className="card error" data-testid="auth-error">
      <h1>Sign-in failed</h1>
      <p>{signInErrorMessage(error)}</p>
      <div className="actions">
        <Link className="button" href="/">
          Back to the home page
        </Link>
      </div>
    </section>
  );
}
