import { signIn, signOut } from "~/auth";

export function SignInButton({ returnTo = "/" }: { returnTo?: string }) {
  return (
    <form
      action={async () => {
        "use server";
        await signIn("logto", { redirectTo: returnTo });
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
        await signOut({ redirectTo: "/" });
      }}
    >
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
