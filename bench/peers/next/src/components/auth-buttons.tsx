import { signIn, signOut } from "@logto/next/server-actions";
import { baseUrl, directSignIn, logtoConfig } from "~/logto";

export function SignInButton() {
  return (
    <form
      action={async () => {
        "use server";
        await signIn(logtoConfig, { redirectUri: `${baseUrl}/callback`, directSignIn });
      }}
    >
      <button type="submit">Sign in with Hugging Face</button>
    </form>
  );
}

export function SignOutButton() {
  return (
    <form
      action={async () => {
        "use server";
        await signOut(logtoConfig, `${baseUrl}/`);
      }}
    >
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
