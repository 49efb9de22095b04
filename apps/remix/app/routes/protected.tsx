import { ProtectedCard } from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { logto } from "~/auth.server";
import { ProfileCard } from "~/components/profile-card";

export async function loader({ request }: LoaderFunctionArgs) {
  return { user: await logto.requireUser(request) };
}

export default function Protected() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <ProtectedCard
      profile={<ProfileCard user={user} />}
      about="Only signed-in users see this page: a visitor without a session goes through sign-in and comes back here."
    />
  );
}
