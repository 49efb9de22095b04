/** How the session began, as `@logto-hf/auth-config` records it (`SessionOrigin`). */
export type SessionOriginView =
  | { how: "signed-in-here"; at: number }
  | {
      how: "silent";
      at: number;
      cameFrom?: string | undefined;
      logtoRequests: number;
      redirects: number;
      durationMs?: number | undefined;
    };

export interface SessionOriginNoteProps {
  origin: SessionOriginView | null | undefined;
  /** The other app of the demo, named when the visitor came from its origin. */
  otherApp: { name: string; url: string };
}

/**
 * How this session began (`data-testid="session-origin"`): signed in here, or signed in with no click through the
 * Logto session the visitor already had, with where they came from, the redirects and the time it took.
 */
export function SessionOriginNote({ origin, otherApp }: SessionOriginNoteProps) {
  if (!origin) return null;
  if (origin.how === "signed-in-here") {
    return (
      <div className="notice" role="status" data-testid="session-origin" data-how={origin.how}>
        <p>
          <strong>You signed in here</strong>, with Hugging Face through Logto. Logto now holds your session: the{" "}
          {otherApp.name} uses it to sign you in without a click.
        </p>
      </div>
    );
  }
  const firstVisit = origin.logtoRequests > 1;
  return (
    <div className="notice success" role="status" data-testid="session-origin" data-how={origin.how}>
      <p>
        <strong>Signed in automatically, with no click:</strong> you already had a Logto session
        {origin.cameFrom ? <>, and came here from {siteName(origin.cameFrom, otherApp)}</> : null}. This app asked Logto
        whether you were signed in (<code>prompt=none</code>)
        {firstVisit
          ? ", then, on its first visit, for your consent, which Logto gives a first-party app without a screen"
          : ""}
        .
      </p>
      <p className="muted" data-testid="session-origin-figures" data-redirects={origin.redirects}>
        Through Logto and back{origin.durationMs === undefined ? "" : ` in ${origin.durationMs} ms`}:{" "}
        {firstVisit
          ? `${origin.redirects} redirects seen by this app, and Logto's own for the consent`
          : `${origin.redirects} redirects`}
        ; no page shown.
      </p>
    </div>
  );
}

/** "the Remix app (localhost:3002)" for the other app's origin, else the site's host. */
function siteName(origin: string, otherApp: SessionOriginNoteProps["otherApp"]): string {
  const host = URL.canParse(origin) ? new URL(origin).host : origin;
  return URL.canParse(otherApp.url) && new URL(otherApp.url).origin === origin
    ? `the ${otherApp.name} (${host})`
    : host;
}
