/** The SDK's auth routes are loaders (GET), so plain GET forms lead to them. */
export function SignInButton() {
  return (
    <form method="get" action="/api/logto/sign-in">
      <button type="submit">Sign in with Hugging Face</button>
    </form>
  );
}

export function SignOutButton() {
  return (
    <form method="get" action="/api/logto/sign-out">
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
