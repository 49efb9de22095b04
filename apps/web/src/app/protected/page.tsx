import { redirect } from "next/navigation";
import { auth } from "~/auth";
import { ProfileCard } from "~/components/profile-card";

export default async function ProtectedPage() {
  const session = await auth();
  if (!session) redirect(`/auth/sign-in?callbackUrl=${encodeURIComponent("/protected")}`);
  return (
    <section className="card" data-testid="protected">
      <h1>Protected page</h1>
      <p className="muted">Only signed-in users see this page.</p>
      <ProfileCard user={session.user} />
    </section>
  );
}
