import { Form } from "@remix-run/react";

export function SignInForm({ returnTo = "/" }: { returnTo?: string }) {
  return (
    <Form method="post" action="/auth/sign-in" reloadDocument>
      <input type="hidden" name="returnTo" value={returnTo} />
      <button type="submit">Sign in with Hugging Face</button>
    </Form>
  );
}

export function SignOutForm() {
  return (
    <Form method="post" action="/auth/sign-out" reloadDocument>
      <button type="submit" className="secondary">
        Sign out
      </button>
    </Form>
  );
}
