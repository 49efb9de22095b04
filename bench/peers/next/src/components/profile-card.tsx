import type { IdTokenClaims } from "@logto/next";

export function ProfileCard({ claims }: { claims: IdTokenClaims }) {
  const displayName = claims.name ?? claims.username ?? "Signed in";
  return (
    <div className="profile" data-testid="profile">
      {claims.picture ? (
        // biome-ignore lint/performance/noImgElement: avatars come from any host Logto returns
        <img className="avatar" src={claims.picture} alt="" width={72} height={72} />
      ) : (
        <div className="avatar avatar-fallback" aria-hidden>
          {displayName.slice(0, 1).toUpperCase()}
        </div>
      )}
      <div>
        <h1 data-testid="profile-name">{displayName}</h1>
        {claims.username ? <p className="muted" data-testid="profile-username">@{claims.username}</p> : null}
        {claims.email ? <p className="muted" data-testid="profile-email">{claims.email}</p> : null}
      </div>
    </div>
  );
}
