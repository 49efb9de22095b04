import { TokenExpiry } from "./token-expiry.js";

/** The answer of a userinfo call made with the session's access token (`status` 0: Logto did not answer). */
export type UserinfoResult = { ok: true; claims: unknown } | { ok: false; status: number; error: string };

export interface AccountViewProps {
  /** Logto's session id from the ID token, if any. */
  sid: string | null | undefined;
  /** When the access token expires, in seconds since the epoch. */
  accessTokenExpiresAt: number | null | undefined;
  /** When the server rendered the page, in milliseconds since the epoch (`Date.now()` in the page or loader). */
  now: number;
  hasRefreshToken: boolean;
  /** The ID token's claims (never the token itself). */
  claims: unknown;
  userinfo: UserinfoResult;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * `/account`: facts about the session's tokens, the ID token's claims and a userinfo call made with the access
 * token.
 */
export function AccountView({ sid, accessTokenExpiresAt, now, hasRefreshToken, claims, userinfo }: AccountViewProps) {
  return (
    <section className="card" data-testid="account">
      <h1>Account</h1>
      <p className="muted">What this app holds for your session. The tokens themselves never leave the server.</p>
      <dl className="facts">
        <div>
          <dt>Logto session (sid)</dt>
          <dd data-testid="sid">{sid ? <code>{sid}</code> : "—"}</dd>
        </div>
        <div>
          <dt>Access token expires</dt>
          <dd data-testid="access-token-expires-at" data-epoch={accessTokenExpiresAt ?? undefined}>
            {accessTokenExpiresAt ? <TokenExpiry expiresAt={accessTokenExpiresAt} now={now} /> : "—"}
          </dd>
        </div>
        <div>
          <dt>Refresh token</dt>
          <dd data-testid="has-refresh-token">{hasRefreshToken ? "yes" : "no"}</dd>
        </div>
        <div>
          <dt>Userinfo with the access token</dt>
          <dd data-testid="userinfo-status" data-status={userinfo.ok ? 200 : userinfo.status}>
            <UserinfoStatus userinfo={userinfo} />
          </dd>
        </div>
      </dl>
      <p className="muted facts-note" data-testid="sid-explained">
        The other app shows another <code>sid</code> for the same sign-in: Logto gives each app of one Logto session its
        own session ID. That is how single logout works: when the Logto session ends, Logto tells each app its own{" "}
        <code>sid</code>, and each app ends the session it knows by that ID.
      </p>
      <h2>ID token claims</h2>
      <pre className="claims" data-testid="id-token-claims">
        {json(claims)}
      </pre>
      {userinfo.ok ? (
        <>
          <h2>Userinfo</h2>
          <pre className="claims" data-testid="userinfo">
            {json(userinfo.claims)}
          </pre>
        </>
      ) : null}
    </section>
  );
}

/** "valid", or why not: Logto refused the token (with its answer), or Logto could not be reached at all. */
function UserinfoStatus({ userinfo }: { userinfo: UserinfoResult }) {
  if (userinfo.ok) return "valid";
  if (userinfo.status === 0) {
    return (
      <>
        not checked: could not reach Logto{" "}
        <span className="muted">(the session goes on; the token may still be good)</span>
      </>
    );
  }
  return (
    <>
      refused by Logto <code>{userinfo.error}</code>
    </>
  );
}
