import type { ReactNode } from "react";

/** The way back from a page that ends a flow: a plain link, so that the home page loads afresh. */
function HomeLink() {
  return (
    <a className="button" href="/">
      Back to the home page
    </a>
  );
}

export interface DemoIntroProps {
  /** This app's framework: "Next.js". */
  thisApp: string;
  /** The other app's framework: "Remix". */
  otherApp: string;
}

/** What the demo is and what to try, for the signed-out landing page. */
export function DemoIntro({ thisApp, otherApp }: DemoIntroProps) {
  return (
    <>
      <p className="lead">
        This is the <strong>{thisApp}</strong> app of a two-app demo. The <strong>{otherApp}</strong> app is written in
        another framework, and both sign in through one Logto tenant with Hugging Face as the social login.
      </p>
      <ol className="steps">
        <li>Sign in here with Hugging Face.</li>
        <li>Open the {otherApp} app: it knows you without a click.</li>
        <li>Sign out there: you are signed out here too.</li>
      </ol>
    </>
  );
}

/** The signed-out landing card (`data-testid="signed-out"`): notices, an introduction, then the sign-in form. */
export function SignedOutCard({
  notices,
  intro,
  children,
}: {
  notices?: ReactNode;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card" data-testid="signed-out">
      {notices}
      <h1>You are signed out</h1>
      {intro}
      <div className="actions">{children}</div>
    </section>
  );
}

/** The signed-in home card (`data-testid="signed-in"`): the profile, a hint, then the sign-out form. */
export function SignedInCard({
  profile,
  hint,
  children,
}: {
  profile: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card" data-testid="signed-in">
      {profile}
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="actions">{children}</div>
    </section>
  );
}

/** What to try once signed in, for {@link SignedInCard}'s hint. */
export function SignedInHint({ otherApp }: { otherApp: string }) {
  return (
    <>
      Open the {otherApp} app from the header: it signs you in without a click. Signing out in either app signs you out
      of both.
    </>
  );
}

/**
 * `/protected` (`data-testid="protected"`): only signed-in visitors get here; `about` says what happens to the
 * others.
 */
export function ProtectedCard({
  profile,
  about = "Only signed-in users see this page.",
}: {
  profile: ReactNode;
  about?: ReactNode;
}) {
  return (
    <section className="card" data-testid="protected">
      <h1>Protected page</h1>
      <p className="muted">{about}</p>
      {profile}
    </section>
  );
}

/**
 * The sign-in did not complete (`data-testid="auth-error"`): what happened, and the way home. The same markup as the
 * Remix app's `auth.callback.tsx`, which the package README quotes word for word.
 */
export function SignInFailed({ message }: { message: string }) {
  return (
    <section className="card error" data-testid="auth-error">
      <h1>Sign-in failed</h1>
      <p>{message}</p>
      <div className="actions">
        <HomeLink />
      </div>
    </section>
  );
}

/**
 * The visitor declined the sign-in (`data-testid="sign-in-cancelled"`): said neutrally, not as a failure, with the
 * way to try again (the app's sign-in route, `/auth/sign-in` by default) and the way home.
 */
export function SignInCancelled({ message, signInHref = "/auth/sign-in" }: { message: string; signInHref?: string }) {
  return (
    <section className="card" data-testid="sign-in-cancelled">
      <h1>Sign-in cancelled</h1>
      <p>{message}</p>
      <div className="actions">
        <a className="button" href={signInHref}>
          Try again
        </a>
        <a className="button secondary" href="/">
          Back to the home page
        </a>
      </div>
    </section>
  );
}

/**
 * Logto does not answer (`data-testid="sign-in-unavailable"`), served with 503. The same markup as the Remix app's
 * `auth.sign-in.tsx`, which the package README quotes word for word.
 */
export function SignInUnavailable() {
  return (
    <section className="card error" data-testid="sign-in-unavailable">
      <h1>Sign-in is unavailable</h1>
      <p>The sign-in service does not answer right now. Please try again in a moment.</p>
      <div className="actions">
        <HomeLink />
      </div>
    </section>
  );
}

/** No page at this address (`data-testid="not-found"`), served with 404. */
export function NotFound() {
  return (
    <section className="card" data-testid="not-found">
      <h1>Page not found</h1>
      <p>There is no page at this address in this app.</p>
      <div className="actions">
        <HomeLink />
      </div>
    </section>
  );
}

/** Something broke while rendering (`data-testid="app-error"`): said plainly, with the way home. */
export function AppError({ status }: { status?: number | undefined }) {
  return (
    <section className="card error" data-testid="app-error">
      <h1>Something went wrong</h1>
      <p>This page could not be shown{status ? ` (${status})` : ""}. Please try again in a moment.</p>
      <div className="actions">
        <HomeLink />
      </div>
    </section>
  );
}

/** A sign-in error on the home page (`data-testid="auth-error"`, `role="alert"`). */
export function AuthErrorNotice({ message }: { message: string }) {
  return (
    <p className="notice error" role="alert" data-testid="auth-error">
      {message}
    </p>
  );
}

/**
 * After a sign-out while Logto could not be reached (`?signed_out=logto_unreachable`): this app's session is gone,
 * the others were not told.
 */
export function SignOutIncompleteNotice({ otherApp }: { otherApp: string }) {
  return (
    <div className="notice warning" role="status" data-testid="sign-out-incomplete">
      <p>
        <strong>You are signed out of this app.</strong> Logto could not be reached, so the {otherApp} app was not told:
        it stays signed in until you sign out there too, or until Logto is back and you sign out again.
      </p>
    </div>
  );
}

/**
 * Why this page is signed out when the visitor had a session a moment ago (`data-testid="session-ended"`):
 * single logout from the other app, the user or their sessions revoked in Logto, or their own sign-out here, which
 * signed them out of the other app too. With `signInAgain`, it says that signing in comes back to that page.
 */
export function SessionEndedMessage({
  reason,
  otherApp,
  signInAgain,
}: {
  reason: "signed_out_elsewhere" | "revoked_in_logto" | "signed_out_here";
  otherApp: string;
  /** The page the visitor asked for, which needs a session: they come back to it once signed in again. */
  signInAgain?: string | undefined;
}) {
  // A path of this app only: the value comes from the address bar.
  const again =
    signInAgain && /^\/(?![/\\])/.test(signInAgain) ? (
      <p>
        Sign in again to open <code>{signInAgain}</code>.
      </p>
    ) : null;
  return (
    <div className="notice" role="status" data-testid="session-ended" data-reason={reason}>
      {reason === "signed_out_elsewhere" ? (
        <p>
          <strong>You signed out in the {otherApp} app, so you are signed out here too.</strong> Logto ended its session
          and told every app of it (back-channel logout).
        </p>
      ) : reason === "signed_out_here" ? (
        <p>
          <strong>You are signed out of this app and of the {otherApp} app.</strong> Logto ended its session and told
          every app signed in through it (back-channel logout).
        </p>
      ) : (
        <p>
          <strong>Your session was ended in Logto</strong> (the account was suspended, or its sessions were revoked), so
          you are signed out here. This app found out when it last checked with Logto.
        </p>
      )}
      {again}
    </div>
  );
}
