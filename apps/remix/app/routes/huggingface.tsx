import { loadHuggingFacePage } from "@logto-hf/demo";
import { HuggingFaceView } from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { logto } from "~/auth.server";
import { SignOutForm } from "~/components/auth-forms";
import { huggingFaceHubUrl } from "~/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await logto.requireUser(request);
  // On the server: the token Logto holds for the user calls the Hub; the page gets the data, never the token.
  return loadHuggingFacePage(huggingFaceHubUrl, () => logto.getHuggingFaceToken(request));
}

export default function HuggingFace() {
  return <HuggingFaceView data={useLoaderData<typeof loader>()} reconnect={<SignOutForm />} />;
}
