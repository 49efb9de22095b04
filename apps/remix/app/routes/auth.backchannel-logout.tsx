import type { ActionFunctionArgs } from "@remix-run/node";
import { handleBackchannelLogout } from "@logto-hf/auth-config";
import { logto } from "~/env.server";
import { revocations } from "~/revocations.server";

/** OpenID Connect Back-Channel Logout: Logto POSTs a logout token here when a Logto session ends. */
export async function action({ request }: ActionFunctionArgs) {
  return handleBackchannelLogout(request, { issuer: logto.issuer, clientId: logto.clientId, store: await revocations() });
}

export function loader() {
  return new Response("Back-channel logout accepts POST only.", { status: 405, headers: { Allow: "POST" } });
}
