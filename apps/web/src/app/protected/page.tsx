import { redirect } from "next/navigation";
import { ProfileCard } from "~/components/profile-card";
import { pageSession } from "~/page-session";

export default async function ProtectedPage() {
  const session = await pageSession("/protected");
  if (!session) redirect(`/auth/sign-in?callbackUrl=${encodeURIComponent("/protected")}`);
  return (
    <section className="card" data-testid="protected">
      <h1>Protected page</h1>
      <p className="muted">Only signed-in users see this page.</p>
      <ProfileCard user={session.user} />
    </section>
  );
}
