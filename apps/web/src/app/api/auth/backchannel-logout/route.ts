import { handleBackchannelLogout } from "@logto-hf/auth-config";
import { logto } from "~/env";
import { revocations } from "~/revocations";

/** OpenID Connect Back-Channel Logout: Logto POSTs a logout token here when a Logto session ends. */
export async function POST(request: Request) {
  return handleBackchannelLogout(request, { issuer: logto.issuer, clientId: logto.clientId, store: await revocations() });
}
