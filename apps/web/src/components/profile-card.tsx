import type { LogtoUser } from "@logto-hf/auth-config";

export function ProfileCard({ user }: { user: LogtoUser }) {
  const displayName = user.name ?? user.username ?? "Signed in";
  return (
    <div className="profile" data-testid="profile">
      {user.image ? (
        // biome-ignore lint/performance/noImgElement: avatars come from any host Logto returns
        <img className="avatar" src={user.image} alt="" width={72} height={72} />
      ) : (
        <div className="avatar avatar-fallback" aria-hidden>
          {displayName.slice(0, 1).toUpperCase()}
        </div>
      )}
      <div>
        <h1 data-testid="profile-name">{displayName}</h1>
        {user.username ? <p className="muted" data-testid="profile-username">@{user.username}</p> : null}
        {user.email ? <p className="muted" data-testid="profile-email">{user.email}</p> : null}
      </div>
    </div>
  );
}
