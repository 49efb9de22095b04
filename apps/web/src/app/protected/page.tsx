import { redirect } from "next/navigation";
import { ProfileCard } from "~/components/profile-card";
import { logto } from "~/auth";

export default async function ProtectedPage() {
  const session = await logto.getSession("/protected");
  if (!session) redirect(`/auth/sign-in?callbackUrl=${encodeURIComponent("/protected")}`);
  return (
    <section className="card" data-testid="protected">
      <h1>Protected page</h1>
      <p className="muted">Only signed-in users see this page.</p>
      <ProfileCard user={session.user} />
    </section>
  );
}
