import { signIn, signOut } from "@logto/next/server-actions";
import { SignInButton as SignInSubmit, SignOutButton as SignOutSubmit } from "@logto-hf/ui";
import { baseUrl, directSignIn, logtoConfig } from "~/logto";

export function SignInButton() {
  return (
    <form
      action={async () => {
        "use server";
        await signIn(logtoConfig, { redirectUri: `${baseUrl}/callback`, directSignIn });
      }}
    >
      <SignInSubmit />
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
      <SignOutSubmit />
    </form>
  );
}
