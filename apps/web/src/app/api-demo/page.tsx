import { LogtoError } from "@logto-hf/auth-config";
import { callNotesApi, demoNotesApi } from "@logto-hf/demo";
import { ApiDemoView } from "@logto-hf/ui";
import { decodeJwt } from "jose";
import { logto } from "~/auth";
import { logtoConfig, notesApiUrl } from "~/env";

export default async function ApiDemoPage() {
  const user = await logto.requireUser("/api-demo");
  let token: string;
  try {
    // Without a token yet, this redirects through Logto and back here, with no click.
    token = await logto.getAccessToken("/api-demo", demoNotesApi.indicator);
  } catch (error) {
    if (!(error instanceof LogtoError)) throw error;
    return <ApiDemo userId={user.id} token={{ ok: false, code: error.code, message: error.message }} calls={null} />;
  }
  // Facts about the token only: the token itself never leaves the server.
  const { scope, exp } = decodeJwt(token);
  const scopes = typeof scope === "string" ? scope.split(" ") : [];
  const calls = await callNotesApi(notesApiUrl, token);
  return <ApiDemo userId={user.id} token={{ ok: true, scopes, expiresAt: exp ?? 0 }} calls={calls} />;
}

function ApiDemo(props: Pick<Parameters<typeof ApiDemoView>[0], "userId" | "token" | "calls">) {
  return (
    <ApiDemoView
      resource={demoNotesApi.indicator}
      apiUrl={notesApiUrl}
      logtoOrigin={new URL(logtoConfig.issuer).origin}
      roles={demoNotesApi.roles}
      {...props}
    />
  );
}
