/** A plain navigation to the sign-in route: straight on to Logto (503 with a page of its own when Logto is down). */
export function SignInButton({ returnTo = "/" }: { returnTo?: string }) {
  return (
    <form action="/auth/sign-in" method="get">
      <input type="hidden" name="callbackUrl" value={returnTo} />
      <button type="submit">Sign in with Hugging Face</button>
    </form>
  );
}

/** Single logout: the sign-out route ends this app's session, then Logto's, which signs every other app out. */
export function SignOutButton() {
  return (
    <form action="/auth/sign-out" method="post">
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
