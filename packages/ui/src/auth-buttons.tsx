import { HuggingFaceMark } from "./hugging-face-mark.js";

/**
 * The "Sign in with Hugging Face" submit button, for any form: a plain one ({@link SignInForm}), Remix's `<Form>` or a
 * server action. Its accessible name is exactly its text: the mark is hidden.
 */
export function SignInButton() {
  return (
    <button type="submit" className="button button-hf">
      <HuggingFaceMark />
      <span>Sign in with Hugging Face</span>
    </button>
  );
}

/** The "Sign out" submit button, for any form. */
export function SignOutButton() {
  return (
    <button type="submit" className="button secondary">
      Sign out
    </button>
  );
}

/** A hidden field the app's sign-in route reads, e.g. `{ name: "returnTo", value: "/protected" }`. */
export interface FormField {
  name: string;
  value: string;
}

export interface AuthFormProps {
  /** The app's own route, e.g. `/auth/sign-in`. */
  action: string;
  /** `get` for a plain navigation, `post` where the route only accepts a form. */
  method: "get" | "post";
  /** Hidden fields sent with the form, such as the page to come back to. */
  fields?: FormField[];
}

/** A plain HTML form to the app's sign-in route, with the sign-in button. */
export function SignInForm({ action, method, fields = [] }: AuthFormProps) {
  return (
    <form action={action} method={method}>
      {fields.map((field) => (
        <input key={field.name} type="hidden" name={field.name} value={field.value} />
      ))}
      <SignInButton />
    </form>
  );
}

/** A plain HTML form to the app's sign-out route, with the sign-out button. */
export function SignOutForm({ action, method, fields = [] }: AuthFormProps) {
  return (
    <form action={action} method={method}>
      {fields.map((field) => (
        <input key={field.name} type="hidden" name={field.name} value={field.value} />
      ))}
      <SignOutButton />
    </form>
  );
}
