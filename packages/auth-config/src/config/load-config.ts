import { LogtoConfigError } from "./config-error.js";
import { portProblem, productionProblems } from "./deployment-checks.js";
import { envSchema } from "./env-schema.js";
import { DEFAULT_SCOPES, type LoadLogtoConfigOptions, type LogtoConfig, type LogtoEnv } from "./types.js";

/**
 * Reads and validates one app's Logto configuration from environment variables.
 *
 * @param env - The environment, usually `process.env`.
 * @param options - Development defaults for a local IdP and the default `direct_sign_in`.
 * @returns The configuration, with the issuer and URLs normalised (no trailing slash).
 * @throws {LogtoConfigError} naming every variable that is missing or malformed; with
 *   `NODE_ENV=production` against an issuer that is not on this machine, for a plain-http issuer or a
 *   committed development secret; and for a loopback `AUTH_URL` on another port than `PORT` (see
 *   {@link LoadLogtoConfigOptions.portVariable}).
 * @example
 * ```ts
 * const config = loadLogtoConfig(process.env, { defaultDirectSignIn: "social:huggingface" });
 * ```
 */
export function loadLogtoConfig(
  env: LogtoEnv & Readonly<Record<string, string | undefined>>,
  options: LoadLogtoConfigOptions = {},
): LogtoConfig {
  const blankToUndefined = (value: string | undefined) => (value?.trim() ? value : undefined);
  const issuerSet = blankToUndefined(env.AUTH_LOGTO_ISSUER) !== undefined;
  const defaults = issuerSet ? undefined : options.developmentDefaults;
  const input = {
    AUTH_LOGTO_ISSUER: blankToUndefined(env.AUTH_LOGTO_ISSUER) ?? defaults?.AUTH_LOGTO_ISSUER,
    AUTH_LOGTO_ID: blankToUndefined(env.AUTH_LOGTO_ID) ?? defaults?.AUTH_LOGTO_ID,
    AUTH_LOGTO_SECRET: blankToUndefined(env.AUTH_LOGTO_SECRET) ?? defaults?.AUTH_LOGTO_SECRET,
    AUTH_SECRET: blankToUndefined(env.AUTH_SECRET) ?? defaults?.AUTH_SECRET,
    AUTH_URL: blankToUndefined(env.AUTH_URL) ?? defaults?.AUTH_URL,
    AUTH_LOGTO_SCOPES: blankToUndefined(env.AUTH_LOGTO_SCOPES),
    AUTH_LOGTO_DIRECT_SIGN_IN: blankToUndefined(env.AUTH_LOGTO_DIRECT_SIGN_IN)?.trim(),
    AUTH_LOGTO_SILENT_SIGN_IN: blankToUndefined(env.AUTH_LOGTO_SILENT_SIGN_IN)?.trim(),
    AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER: blankToUndefined(env.AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER),
    AUTH_LOGTO_SESSION_CHECK_INTERVAL: blankToUndefined(env.AUTH_LOGTO_SESSION_CHECK_INTERVAL),
    AUTH_LOGTO_RESOURCES: blankToUndefined(env.AUTH_LOGTO_RESOURCES),
    REDIS_URL: blankToUndefined(env.REDIS_URL)?.trim(),
    AUTH_REVOCATION_FILE: blankToUndefined(env.AUTH_REVOCATION_FILE)?.trim(),
    PORT: blankToUndefined(env.PORT),
    AUTH_BEHIND_PROXY: blankToUndefined(env.AUTH_BEHIND_PROXY)?.trim(),
  };
  const result = envSchema.safeParse(input);
  if (!result.success) {
    throw new LogtoConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0]) as keyof LogtoEnv,
        message: issue.message,
      })),
    );
  }
  const parsed = result.data;
  const productionIssues = productionProblems(parsed, env.NODE_ENV, options.developmentDefaults);
  if (productionIssues.length > 0) throw new LogtoConfigError(productionIssues);
  const portMismatch =
    parsed.AUTH_BEHIND_PROXY === "1"
      ? undefined
      : portProblem(parsed.AUTH_URL, parsed.PORT, options.portVariable ?? "PORT");
  if (portMismatch)
    throw new LogtoConfigError([{ variable: "AUTH_URL", message: portMismatch }], `AUTH_URL ${portMismatch}`);
  const directSignIn = parsed.AUTH_LOGTO_DIRECT_SIGN_IN ?? options.defaultDirectSignIn;
  return {
    issuer: parsed.AUTH_LOGTO_ISSUER,
    clientId: parsed.AUTH_LOGTO_ID,
    clientSecret: parsed.AUTH_LOGTO_SECRET,
    authSecret: parsed.AUTH_SECRET,
    appUrl: parsed.AUTH_URL,
    scopes: parsed.AUTH_LOGTO_SCOPES ?? [...DEFAULT_SCOPES],
    directSignIn: directSignIn === "off" ? undefined : directSignIn,
    silentSignIn: parsed.AUTH_LOGTO_SILENT_SIGN_IN === "on",
    silentSignInRetryAfter: parsed.AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER,
    sessionCheckInterval: parsed.AUTH_LOGTO_SESSION_CHECK_INTERVAL,
    resources: parsed.AUTH_LOGTO_RESOURCES,
    redisUrl: parsed.REDIS_URL,
    revocationFile: parsed.AUTH_REVOCATION_FILE,
    usesDevelopmentDefaults: defaults !== undefined,
    development: env.NODE_ENV !== "production",
  };
}
