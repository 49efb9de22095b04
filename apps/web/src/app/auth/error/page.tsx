import { isSignInCancelled, signInErrorMessage } from "@logto-hf/auth-config";
import { SignInCancelled, SignInFailed } from "@logto-hf/ui";
import type { Metadata } from "next";

type Props = { searchParams: Promise<{ error?: string }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return { title: isSignInCancelled((await searchParams).error) ? "Sign-in cancelled" : "Sign-in failed" };
}

export default async function AuthErrorPage({ searchParams }: Props) {
  const { error } = await searchParams;
  const message = signInErrorMessage(error);
  return isSignInCancelled(error) ? <SignInCancelled message={message} /> : <SignInFailed message={message} />;
}
