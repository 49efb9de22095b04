import { getLogtoContext } from "@logto/next/server-actions";
import { ProtectedCard } from "@logto-hf/ui";
import { redirect } from "next/navigation";
import { ProfileCard } from "~/components/profile-card";
import { logtoConfig } from "~/logto";

export default async function ProtectedPage() {
  const { isAuthenticated, claims } = await getLogtoContext(logtoConfig);
  // A page cannot write the SDK's cookie, so the sign-in starts in a route handler.
  if (!isAuthenticated || !claims) redirect("/sign-in?returnTo=/protected");
  return <ProtectedCard profile={<ProfileCard claims={claims} />} />;
}
