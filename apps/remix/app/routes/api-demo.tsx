import { LogtoError } from "@logto-hf/auth-config";
import { callNotesApi, demoNotesApi } from "@logto-hf/demo";
import { ApiDemoView } from "@logto-hf/ui";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { decodeJwt } from "jose";
import { logto } from "~/auth.server";
import { logtoConfig, notesApiUrl } from "~/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await logto.requireUser(request);
  const page = {
    userId: user.id,
    resource: demoNotesApi.indicator,
    apiUrl: notesApiUrl,
    logtoOrigin: new URL(logtoConfig.issuer).origin,
    roles: demoNotesApi.roles,
  };
  let token: string;
  try {
    // Without a token yet, this throws the redirect through Logto and back here, with no click.
    token = await logto.getAccessToken(request, demoNotesApi.indicator);
  } catch (error) {
    if (!(error instanceof LogtoError)) throw error;
    return { ...page, token: { ok: false as const, code: error.code, message: error.message }, calls: null };
  }
  // Facts about the token only: the token itself never leaves the server.
  const { scope, exp } = decodeJwt(token);
  const scopes = typeof scope === "string" ? scope.split(" ") : [];
  const calls = await callNotesApi(notesApiUrl, token);
  return { ...page, token: { ok: true as const, scopes, expiresAt: exp ?? 0 }, calls };
}

export default function ApiDemo() {
  return <ApiDemoView {...useLoaderData<typeof loader>()} />;
}
