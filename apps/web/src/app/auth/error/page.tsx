import { signInErrorMessage } from "@logto-hf/auth-config";
import { SignInFailed } from "@logto-hf/ui";

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return <SignInFailed message={signInErrorMessage(error)} />;
}
