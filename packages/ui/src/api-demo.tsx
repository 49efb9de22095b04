/** One call of the demo's API, as the page shows it (never with the token). */
export type ApiCallView =
  | { outcome: "allowed"; method: string; requiredScope: string; status: number; body: unknown }
  | {
      outcome: "refused";
      method: string;
      requiredScope: string;
      status: number;
      error: string;
      wwwAuthenticate: string | null;
    }
  | { outcome: "api-down"; method: string; requiredScope: string };

export interface ApiDemoViewProps {
  /** The API resource's identifier in Logto (RFC 8707 resource indicator). */
  resource: string;
  /** Where the API is called. */
  apiUrl: string;
  /** The signed-in user's Logto ID, for the admin's command. */
  userId: string;
  /** Where Logto's Management API is, for the admin's command. */
  logtoOrigin: string;
  /** The roles of the demo: the one every user has, the one an admin gives. */
  roles: { reader: string; editor: string };
  /** The token's facts (never the token itself), or why there is none. */
  token: { ok: true; scopes: string[]; expiresAt: number } | { ok: false; code: string; message: string };
  /** The two calls, made when there was a token. */
  calls: { read: ApiCallView; write: ApiCallView } | null;
}

const noteList = (body: unknown): string[] => {
  const notes = (body as { notes?: unknown } | null)?.notes;
  return Array.isArray(notes) ? notes.map((note) => String((note as { text?: unknown }).text ?? note)) : [];
};

/**
 * `/api-demo`: the signed-in user's access token for an API protected by Logto (its scopes, when it expires), and two
 * calls made with it from the server: one the user's default role allows, one that needs a role an admin gives.
 */
export function ApiDemoView({ resource, apiUrl, userId, logtoOrigin, roles, token, calls }: ApiDemoViewProps) {
  return (
    <section className="card" data-testid="api-demo">
      <h1>An API protected by Logto</h1>
      <p className="muted">
        This page asks Logto for an access token for the API resource <code>{resource}</code> (a JWT whose audience is
        that API and whose scopes come from your roles), then calls <code>{apiUrl}</code> with it from the server. The
        API checks its signature with Logto's keys, its issuer, audience and expiry, and the scope each call needs. The
        token never reaches your browser.
      </p>
      {token.ok ? (
        <dl className="facts">
          <div>
            <dt>Scopes in your token</dt>
            <dd data-testid="token-scopes">
              {token.scopes.length > 0 ? token.scopes.map((scope) => <code key={scope}>{scope} </code>) : "none"}
            </dd>
          </div>
          <div>
            <dt>Token expires</dt>
            <dd>
              <code>{new Date(token.expiresAt * 1000).toISOString()}</code>
            </dd>
          </div>
        </dl>
      ) : (
        <div className="notice error" data-testid="token-unavailable" data-code={token.code}>
          <p>
            <strong>No access token.</strong> {tokenProblem(token.code)}
          </p>
          <p className="muted">{token.message}</p>
        </div>
      )}
      {calls ? (
        <ul className="api-calls">
          <ApiCall testId="call-read" call={calls.read} roles={roles} userId={userId} logtoOrigin={logtoOrigin} />
          <ApiCall testId="call-write" call={calls.write} roles={roles} userId={userId} logtoOrigin={logtoOrigin} />
        </ul>
      ) : null}
    </section>
  );
}

function tokenProblem(code: string): string {
  switch (code) {
    case "resource_token.unreachable":
      return "Logto does not answer, so there is no token to call the API with. The rest of the app still works.";
    case "resource_token.login_required":
      return "Your Logto session has ended (you signed out elsewhere, or it expired). Sign in again to call the API.";
    default:
      return "Logto refused a token for this API.";
  }
}

function ApiCall({
  testId,
  call,
  roles,
  userId,
  logtoOrigin,
}: {
  testId: string;
  call: ApiCallView;
  roles: ApiDemoViewProps["roles"];
  userId: string;
  logtoOrigin: string;
}) {
  const what = (
    <>
      <code>
        {call.method} {call.method === "GET" ? "list notes" : "add a note"}
      </code>{" "}
      needs <code>{call.requiredScope}</code>
    </>
  );
  if (call.outcome === "api-down") {
    return (
      <li data-testid={testId} data-outcome="api-down">
        <strong>The API does not answer.</strong> {what}, but nothing answered within 3 seconds: is the web app (which
        serves the API) running?
      </li>
    );
  }
  if (call.outcome === "allowed") {
    const reader = call.method === "GET";
    const notes = noteList(call.body);
    return (
      <li data-testid={testId} data-outcome="allowed">
        <strong>Allowed ({call.status}).</strong> {what}, and your token carries it:{" "}
        {reader
          ? `your role “${roles.reader}” grants it (Logto gives that role to every new user).`
          : `an admin gave you the role “${roles.editor}”.`}
        {notes.length > 0 ? (
          <ol className="notes" data-testid={`${testId}-notes`}>
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ol>
        ) : null}
      </li>
    );
  }
  if (call.error === "insufficient_scope") {
    return (
      <li data-testid={testId} data-outcome="refused" data-error={call.error}>
        <strong>Refused ({call.status} insufficient_scope).</strong> {what}, and none of your roles grants it, so Logto
        left it out of your token. An admin gives it with the role “{roles.editor}”:
        <pre className="claims">{`curl -X POST ${logtoOrigin}/api/users/${userId}/roles \\
  -H 'content-type: application/json' -d '{"roleIds":["<the role's ID>"]}'`}</pre>
        Your next token carries it: sign out and in again, or wait until this one expires.
      </li>
    );
  }
  return (
    <li data-testid={testId} data-outcome="refused" data-error={call.error}>
      <strong>
        Refused ({call.status} {call.error}).
      </strong>{" "}
      {what}; the API did not accept the token.
    </li>
  );
}
