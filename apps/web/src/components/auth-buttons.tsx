import { SignInForm, SignOutForm } from "@logto-hf/ui";

/** A plain navigation to the sign-in route: straight on to Logto (503 with a page of its own when Logto is down). */
export function SignInButton({ returnTo = "/" }: { returnTo?: string }) {
  return <SignInForm action="/auth/sign-in" method="get" fields={[{ name: "returnTo", value: returnTo }]} />;
}

/** Single logout: the sign-out route ends this app's session, then Logto's, which signs every other app out. */
export function SignOutButton() {
  return <SignOutForm action="/auth/sign-out" method="post" />;
}
