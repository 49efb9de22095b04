import { Avatar } from "./avatar.js";

/** What the profile card shows: the apps pass their session's user, the peers their ID token's claims. */
export interface ProfileCardUser {
  name?: string | null | undefined;
  username?: string | null | undefined;
  email?: string | null | undefined;
  /** An avatar URL. */
  picture?: string | null | undefined;
}

/** Avatar, name, `@username` and email of the signed-in user. */
export function ProfileCard({ user }: { user: ProfileCardUser }) {
  const displayName = user.name ?? user.username ?? "Signed in";
  return (
    <div className="profile" data-testid="profile">
      <Avatar src={user.picture} initial={displayName.slice(0, 1).toUpperCase()} />
      <div className="profile-text">
        <h1 className="profile-name" data-testid="profile-name">
          {displayName}
        </h1>
        {user.username ? (
          <p className="profile-line muted" data-testid="profile-username" title={`@${user.username}`}>
            @{user.username}
          </p>
        ) : null}
        {user.email ? (
          <p className="profile-line muted" data-testid="profile-email" title={user.email}>
            {user.email}
          </p>
        ) : null}
      </div>
    </div>
  );
}
