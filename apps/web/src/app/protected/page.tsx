import { ProtectedCard } from "@logto-hf/ui";
import { redirect } from "next/navigation";
import { logto } from "~/auth";
import { ProfileCard } from "~/components/profile-card";

export default async function ProtectedPage() {
  const session = await logto.getSession("/protected");
  if (!session) redirect(`/auth/sign-in?callbackUrl=${encodeURIComponent("/protected")}`);
  return (
    <ProtectedCard
      profile={<ProfileCard user={session.user} />}
      about="Only signed-in users see this page: a visitor without a session goes through sign-in and comes back here."
    />
  );
}
