import { SignInForm, SignOutForm } from "@logto-hf/ui";

/** The SDK's auth routes are loaders (GET), so plain GET forms lead to them. */
export function SignInButton() {
  return <SignInForm action="/api/logto/sign-in" method="get" />;
}

export function SignOutButton() {
  return <SignOutForm action="/api/logto/sign-out" method="get" />;
}
