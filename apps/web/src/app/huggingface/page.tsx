import { loadHuggingFacePage } from "@logto-hf/demo";
import { HuggingFaceView } from "@logto-hf/ui";
import { logto } from "~/auth";
import { SignOutButton } from "~/components/auth-buttons";
import { huggingFaceHubUrl } from "~/env";

export default async function HuggingFacePage() {
  await logto.requireUser("/huggingface");
  // On the server: the token Logto holds for the user calls the Hub; the page gets the data, never the token.
  const data = await loadHuggingFacePage(huggingFaceHubUrl, () => logto.getHuggingFaceToken());
  return <HuggingFaceView data={data} reconnect={<SignOutButton />} />;
}
