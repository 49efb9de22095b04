import { ProtectedCard } from "@logto-hf/ui";
import type { Metadata } from "next";
import { logto } from "~/auth";
import { ProfileCard } from "~/components/profile-card";

export const metadata: Metadata = { title: "Protected page" };

export default async function ProtectedPage() {
  const user = await logto.requireUser("/protected");
  return (
    <ProtectedCard
      profile={<ProfileCard user={user} />}
      about="Only signed-in users see this page: a visitor without a session goes through sign-in and comes back here."
    />
  );
}
