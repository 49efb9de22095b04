import { customFetch } from "@auth/core";
import type { OIDCConfig, OIDCUserConfig } from "next-auth/providers";
import { LogtoClient } from "../client/logto-client.js";
import { DEFAULT_SCOPES, type LogtoConfig } from "../config/types.js";
import { type LogtoProfile, mapLogtoProfile } from "../core/profile.js";
import { LogtoError } from "../errors.js";

/** Options of the {@link Logto} provider for Auth.js. */
export interface LogtoProviderOptions
  extends Pick<LogtoConfig, "issuer" | "clientId" | "clientSecret">,
    Omit<OIDCUserConfig<LogtoProfile>, "issuer" | "clientId" | "clientSecret"> {
  /** The scopes to request. @default ["openid", "offline_access", "profile", "email", "identities"] */
  scopes?: readonly string[];
  /**
   * Logto's `direct_sign_in` parameter: `"social:huggingface"` skips Logto's sign-in page and opens the
   * Hugging Face connector. @default undefined (Logto's page is shown)
   */
  directSignIn?: string | undefined;
  /** The app's client of Logto, whose discovery and keys the provider shares. @default a client of its own */
  logtoClient?: LogtoClient;
  /**
   * The `prompt` of explicit sign-ins. Logto issues a refresh token (`offline_access`) only with `consent`,
   * which a first-party app passes without any screen. @default "consent"
   */
  prompt?: string;
}

/**
 * The Logto provider for Auth.js (next-auth v5): OpenID Connect with PKCE and state, the scopes that
 * bring a refresh token, the ID token's signature verified against Logto's keys, and Logto's claims mapped to
 * the user. Unlike `next-auth/providers/logto`, it sends
 * `prompt=consent` so Logto honours `offline_access`, and can skip Logto's page with `direct_sign_in`.
 *
 * Any other Auth.js provider option passes through and overrides the defaults.
 *
 * @example
 * ```ts
 * import NextAuth from "next-auth";
 * import { Logto } from "@logto-hf/auth-config/next-auth";
 *
 * export const { handlers, auth, signIn, signOut } = NextAuth({
 *   providers: [
 *     Logto({
 *       issuer: process.env.AUTH_LOGTO_ISSUER!,
 *       clientId: process.env.AUTH_LOGTO_ID!,
 *       clientSecret: process.env.AUTH_LOGTO_SECRET!,
 *       directSignIn: "social:huggingface",
 *     }),
 *   ],
 * });
 * ```
 * @see https://authjs.dev/guides/configuring-oauth-providers
 * @see https://docs.logto.io/end-user-flows/authentication-parameters/direct-sign-in
 */
export function Logto(options: LogtoProviderOptions): OIDCConfig<LogtoProfile> {
  const {
    scopes = DEFAULT_SCOPES,
    directSignIn,
    prompt = "consent",
    logtoClient: given,
    [customFetch]: fetchOption,
    ...rest
  } = options;
  const client = given ?? new LogtoClient(options);
  return {
    id: "logto",
    name: "Logto",
    type: "oidc",
    authorization: {
      params: {
        scope: scopes.join(" "),
        prompt,
        ...(directSignIn ? { direct_sign_in: directSignIn } : {}),
      },
    },
    checks: ["pkce", "state"],
    async profile(profile, tokens) {
      // Auth.js checks the ID token's claims but not its signature (TLS to the token endpoint suffices for the
      // spec); verifying it against the issuer's keys too means a forged token is refused however it arrives.
      if (typeof tokens.id_token !== "string") {
        throw new LogtoError(
          "id_token.invalid",
          "Logto's token response has no ID token; is `openid` among the scopes?",
        );
      }
      await client.verifyIdToken(tokens.id_token);
      const user = mapLogtoProfile(profile);
      return { id: user.id, name: user.name, email: user.email, image: user.image };
    },
    style: { brandColor: "#5d34f2", logo: "https://authjs.dev/img/providers/logto.svg" },
    [customFetch]: withCachedDiscovery(client, fetchOption ?? fetch),
    options: rest,
  };
}

/**
 * Auth.js fetches the issuer's discovery document at every sign-in and every callback; this fetch answers it from
 * the client's cache, a round trip to Logto less on each. Anything else, or a
 * document that cannot be loaded, goes to the network as before.
 */
function withCachedDiscovery(client: LogtoClient, fetchImpl: typeof fetch): typeof fetch {
  const discoveryUrl = `${client.issuer}/.well-known/openid-configuration`;
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request?.url ?? String(input);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    if (url === discoveryUrl && method === "GET") {
      const metadata = await client.metadata().catch(() => undefined);
      if (metadata) return Response.json(metadata);
    }
    return fetchImpl(input, init);
  };
}
