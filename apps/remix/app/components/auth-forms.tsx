import { SignInButton, SignOutButton } from "@logto-hf/ui";
import { Form } from "@remix-run/react";

/** A document POST (never a fetch): the action answers with a redirect to Logto, or a 503 page when Logto is down. */
export function SignInForm({ returnTo = "/" }: { returnTo?: string }) {
  return (
    <Form method="post" action="/auth/sign-in" reloadDocument>
      <input type="hidden" name="returnTo" value={returnTo} />
      <SignInButton />
    </Form>
  );
}

/** Single logout: the action ends this app's session, then Logto's, which signs every other app out. */
export function SignOutForm() {
  return (
    <Form method="post" action="/auth/sign-out" reloadDocument>
      <SignOutButton />
    </Form>
  );
}
