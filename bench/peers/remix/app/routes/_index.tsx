import { SignedInCard, SignedOutCard } from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInButton, SignOutButton } from "~/components/auth-forms";
import { ProfileCard } from "~/components/profile-card";
import { logto } from "~/logto.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await logto.getContext({ getAccessToken: false })(request);
  return { context };
}

export default function Index() {
  const { context } = useLoaderData<typeof loader>();
  if (!context.isAuthenticated || !context.claims) {
    return (
      <SignedOutCard intro={<p className="muted">Sign in through Logto with your Hugging Face account.</p>}>
        <SignInButton />
      </SignedOutCard>
    );
  }
  return (
    <SignedInCard profile={<ProfileCard claims={context.claims} />}>
      <SignOutButton />
    </SignedInCard>
  );
}
