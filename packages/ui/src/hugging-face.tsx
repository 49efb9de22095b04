import type { ReactNode } from "react";

/** What the `/huggingface` page shows: the user's Hugging Face data, or why there is none (never the token). */
export type HuggingFaceViewData =
  | {
      status: "ok";
      user: { name: string; fullname: string; avatarUrl: string; isPro: boolean };
      orgs: { name: string; fullname: string; roleInOrg: string }[];
      models: { id: string; private: boolean; pipelineTag: string | null; downloads: number; likes: number }[];
      token: { scopes: readonly string[]; expiresAt: number | null; role: string | null };
    }
  | { status: "no_token"; code: string; message: string; needsReconnect: boolean }
  | { status: "hub_error"; httpStatus: number; message: string };

export interface HuggingFaceViewProps {
  data: HuggingFaceViewData;
  /** The app's sign-out form, offered when signing in again with Hugging Face is the way to a token. */
  reconnect?: ReactNode;
}

/** Each reason Logto gives no token, in the visitor's words: what happened, and what to do. */
const REASONS: Record<string, { title: string; explanation: string }> = {
  "third_party_token.not_stored": {
    title: "Logto holds no Hugging Face token for you",
    explanation:
      "Logto stores your Hugging Face token when you sign in through Hugging Face, if its Hugging Face connector " +
      "has token storage on. It has none for you: sign out, then sign in again with Hugging Face to reconnect.",
  },
  "third_party_token.expired": {
    title: "Your Hugging Face token has expired",
    explanation:
      "Logto had no way to renew it, and has let it go. Sign out, then sign in again with Hugging Face to reconnect.",
  },
  "third_party_token.refresh_failed": {
    title: "Hugging Face refused to renew your token",
    explanation:
      "Your Hugging Face token expired and Hugging Face refused Logto's renewal. Sign out, then sign in " +
      "again with Hugging Face to reconnect.",
  },
  "third_party_token.storage_not_configured": {
    title: "Token storage is off in Logto",
    explanation:
      "Logto's Hugging Face connector does not store tokens, so Logto cannot renew yours. Ask the Logto admin to " +
      'turn on "Store tokens for persistent API access" for the connector.',
  },
  "third_party_token.account_center_disabled": {
    title: "Logto's Account Center is off",
    explanation:
      "Logto hands stored tokens to their users through its Account API, which the Account Center switches on. " +
      "Ask the Logto admin to enable the Account Center.",
  },
  "third_party_token.session_ended": {
    title: "Your Logto session has ended",
    explanation: "Logto no longer accepts this session. Sign in again.",
  },
  "third_party_token.forbidden": {
    title: "Logto refused this session's token",
    explanation: "The session's Logto token lacks a scope Logto's Account API requires; the app's admin adds it.",
  },
  "third_party_token.logto_unreachable": {
    title: "Logto is not answering",
    explanation:
      "This app could not ask Logto for your Hugging Face token. Your session here goes on: try again in a moment.",
  },
  "third_party_token.invalid_response": {
    title: "Logto answered something unexpected",
    explanation: "Logto's Account API did not answer as Logto 1.30 and later do.",
  },
};

/**
 * `/huggingface`: the signed-in user's Hugging Face profile, organizations and models, fetched on the server with the
 * token Logto stores for them; or what stands in the way, explained.
 */
export function HuggingFaceView({ data, reconnect }: HuggingFaceViewProps) {
  if (data.status === "no_token") {
    const reason = REASONS[data.code] ?? { title: "No Hugging Face token", explanation: "" };
    return (
      <section className="card" data-testid="huggingface" data-status={data.status} data-code={data.code}>
        <h1>{reason.title}</h1>
        <p>{reason.explanation}</p>
        <p className="muted" data-testid="hf-error-message">
          <code>{data.code}</code>: {data.message}
        </p>
        {data.needsReconnect ? reconnect : null}
      </section>
    );
  }
  if (data.status === "hub_error") {
    return (
      <section className="card" data-testid="huggingface" data-status={data.status}>
        <h1>Hugging Face did not give your data</h1>
        <p>Logto gave this app your Hugging Face token, but the call to Hugging Face with it failed.</p>
        <p className="muted" data-testid="hf-error-message">
          {data.message}
        </p>
      </section>
    );
  }
  const { user, orgs, models, token } = data;
  return (
    <section className="card" data-testid="huggingface" data-status={data.status}>
      <h1>Your Hugging Face account</h1>
      <p className="muted">
        Fetched on this app's server from Hugging Face, as you, with the token Logto stores for you (Logto's Account
        API). The token itself never leaves the server.
      </p>
      <div className="profile">
        {user.avatarUrl ? <img className="avatar" src={user.avatarUrl} alt="" width={72} height={72} /> : null}
        <div className="profile-text">
          <p className="profile-name" data-testid="hf-fullname">
            {user.fullname}
            {user.isPro ? " · PRO" : ""}
          </p>
          <p className="profile-line muted" data-testid="hf-name">
            @{user.name}
          </p>
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>Token scopes</dt>
          <dd data-testid="hf-scopes">
            <code>{token.scopes.join(" ") || "—"}</code>
          </dd>
        </div>
        <div>
          <dt>Token role</dt>
          <dd data-testid="hf-role">{token.role ?? "—"}</dd>
        </div>
        <div>
          <dt>Token expires</dt>
          <dd>{token.expiresAt ? <code>{new Date(token.expiresAt * 1000).toISOString()}</code> : "—"}</dd>
        </div>
      </dl>
      <h2>Organizations</h2>
      {orgs.length > 0 ? (
        <ul data-testid="hf-orgs">
          {orgs.map((org) => (
            <li key={org.name}>
              {org.fullname}{" "}
              <span className="muted">
                (@{org.name}, {org.roleInOrg})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="hf-no-orgs">
          You belong to no organization on Hugging Face.
        </p>
      )}
      <h2>Models</h2>
      {models.length > 0 ? (
        <ul data-testid="hf-models">
          {models.map((model) => (
            <li key={model.id}>
              <code>{model.id}</code>
              {model.private ? " · private" : ""}
              <span className="muted">
                {model.pipelineTag ? ` · ${model.pipelineTag}` : ""} · {model.downloads} downloads · {model.likes} likes
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="hf-no-models">
          You have no models on Hugging Face.
        </p>
      )}
    </section>
  );
}
