import { ProtectedCard } from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProfileCard } from "~/components/profile-card";
import { logto } from "~/logto.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await logto.getContext({ getAccessToken: false })(request);
  if (!context.isAuthenticated || !context.claims) {
    throw redirect("/api/logto/sign-in");
  }
  return { claims: context.claims };
}

export default function Protected() {
  const { claims } = useLoaderData<typeof loader>();
  return <ProtectedCard profile={<ProfileCard claims={claims} />} />;
}
