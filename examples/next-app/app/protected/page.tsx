import { logto } from "@/auth";

// Read per request, before anything is sent: Cache Components (create-next-app's default) allow it with this line.
export const instant = false;

export default async function ProtectedPage() {
  const user = await logto.requireUser("/protected");
  return (
    <main>
      <p data-testid="signed-in-as">
        Signed in as {user.name ?? user.username}
        {user.username ? ` (@${user.username})` : ""}
      </p>
      <form action="/auth/sign-out" method="post">
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
