import { signInErrorMessage } from "@logto-hf/auth-config";
import Link from "next/link";

export const instant = false;

export default async function SignInError({ searchParams }: PageProps<"/auth/error">) {
  const { error } = await searchParams;
  return (
    <main>
      <h1>Sign-in failed</h1>
      <p>{signInErrorMessage(typeof error === "string" ? error : null)}</p>
      <Link href="/">Back to the home page</Link>
    </main>
  );
}
