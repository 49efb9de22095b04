import type { LogtoUser } from "@logto-hf/auth-config";
import { ProfileCard as Card } from "@logto-hf/ui";

export function ProfileCard({ user }: { user: LogtoUser }) {
  return <Card user={{ name: user.name, username: user.username, email: user.email, picture: user.image }} />;
}
