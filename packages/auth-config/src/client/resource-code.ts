import { LogtoError } from "../errors.js";
import type { LogtoIssuerMetadata } from "./discovery.js";
import { expiresAtOf, type LogtoClientCredentials, requestTokens, type TokenEndpointAnswer } from "./token-endpoint.js";

/** An access token Logto issued for one API resource. */
export interface ResourceToken {
  /** The JWT to send as `Authorization: Bearer`; never log it or send it to a page. */
  accessToken: string;
  /** Epoch seconds (the resource's access token lifetime in Logto). */
  expiresAt: number;
  /** The scopes Logto granted: those asked for that the user's roles give. */
  scopes: string[];
  /** The ID token of the same response, to check who the token is for. */
  idToken: string | undefined;
}

/**
 * Exchanges an authorization code for an access token bound to `resource` (RFC 8707 §2.2): Logto's token endpoint then
 * answers with a JWT whose `aud` is the resource, instead of the opaque token for userinfo.
 *
 * @throws {LogtoError} `resource_token.refused` when Logto refuses, `resource_token.unreachable` when it does not answer.
 */
export async function exchangeCodeForResource(
  metadata: LogtoIssuerMetadata,
  credentials: LogtoClientCredentials,
  params: { code: string; redirectUri: string; codeVerifier: string; resource: string },
): Promise<ResourceToken> {
  let answer: TokenEndpointAnswer;
  try {
    answer = await requestTokens(metadata, credentials, {
      grant_type: "authorization_code",
      code: params.code,
      redirect_uri: params.redirectUri,
      code_verifier: params.codeVerifier,
      resource: params.resource,
    });
  } catch (cause) {
    throw new LogtoError(
      "resource_token.unreachable",
      `Could not reach Logto's token endpoint: ${(cause as Error).message}`,
    );
  }
  if (!answer.ok) {
    throw new LogtoError(
      "resource_token.refused",
      `Logto refused the access token for ${params.resource}: ${answer.error}`,
    );
  }
  const { body } = answer;
  return {
    accessToken: body.access_token,
    expiresAt: expiresAtOf(body),
    scopes: typeof body.scope === "string" ? body.scope.split(" ").filter(Boolean) : [],
    idToken: typeof body.id_token === "string" ? body.id_token : undefined,
  };
}
