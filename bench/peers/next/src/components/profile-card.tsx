import type { IdTokenClaims } from "@logto/next";
import { ProfileCard as Card } from "@logto-hf/ui";

export function ProfileCard({ claims }: { claims: IdTokenClaims }) {
  return <Card user={{ name: claims.name, username: claims.username, email: claims.email, picture: claims.picture }} />;
}
