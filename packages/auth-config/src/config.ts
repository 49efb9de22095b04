import { z } from "zod";

/**
 * The scopes requested from Logto unless configured otherwise. `offline_access` asks for a refresh token;
 * `identities` for the social accounts' own profiles in userinfo (Logto does not copy a Hugging Face username).
 */
export const DEFAULT_SCOPES = ["openid", "offline_access", "profile", "email", "identities"] as const;

/** The `direct_sign_in` value that skips Logto's sign-in page and goes straight to the Hugging Face connector. */
export const HUGGING_FACE_DIRECT_SIGN_IN = "social:huggingface";

/**
 * The validated configuration of one app's connection to Logto.
 *
 * @see https://docs.logto.io/integrate-logto/traditional-web for where each value comes from in Logto Console.
 */
export interface LogtoConfig {
  /** Logto's OpenID Connect issuer, e.g. `https://your-tenant.logto.app/oidc` (no trailing slash). */
  issuer: string;
  /** The App ID of this app's "Traditional web" application in Logto Console. */
  clientId: string;
  /** The App secret of that application. */
  clientSecret: string;
  /** The secret that signs or encrypts this app's own session cookie (at least 32 characters). */
  authSecret: string;
  /** The public origin of this app, e.g. `https://app.example.com`; redirect URIs are built from it. */
  appUrl: string;
  /** The scopes to request. @default ["openid", "offline_access", "profile", "email", "identities"] */
  scopes: string[];
  /**
   * Logto's `direct_sign_in` parameter, e.g. `"social:huggingface"` to skip Logto's sign-in page;
   * `undefined` shows Logto's page.
   */
  directSignIn: string | undefined;
  /** Whether anonymous page navigations try a silent sign-in (`prompt=none`). @default true */
  silentSignIn: boolean;
  /** After a silent sign-in found no Logto session, how long (seconds) before trying again. @default 300 */
  silentSignInRetryAfter: number;
  /**
   * How often (seconds) each session is checked with Logto, one userinfo request per session per interval, so
   * that a user suspended or a session revoked in Logto (which sends no back-channel logout) is signed out within
   * it; 0 turns the check off. @default 60
   */
  sessionCheckInterval: number;
  /** A `redis://` URL: every instance of the app then shares revocations and refreshes through Redis. */
  redisUrl: string | undefined;
  /** Without {@link LogtoConfig.redisUrl}, the file that keeps revocations. @default ".data/revocations.json" */
  revocationFile: string;
  /**
   * Turns the per-request session check (revocation, refresh) off, so that `pnpm bench` can measure its cost.
   * Refused unless the development defaults are in use: a deployment without it would miss logouts.
   */
  benchSkipSessionCheck: boolean;
  /** `true` when {@link LogtoConfig.issuer} came from the development defaults rather than the environment. */
  usesDevelopmentDefaults: boolean;
}

/** The environment variables {@link loadLogtoConfig} reads, named as Auth.js names them. */
export interface LogtoEnv {
  AUTH_LOGTO_ISSUER?: string | undefined;
  AUTH_LOGTO_ID?: string | undefined;
  AUTH_LOGTO_SECRET?: string | undefined;
  AUTH_SECRET?: string | undefined;
  AUTH_URL?: string | undefined;
  /** Space-separated scopes; `openid` is always included. */
  AUTH_LOGTO_SCOPES?: string | undefined;
  /** A `direct_sign_in` value such as `social:huggingface`, or `off` to show Logto's sign-in page. */
  AUTH_LOGTO_DIRECT_SIGN_IN?: string | undefined;
  /** `on` (default) or `off`: silent sign-in on anonymous page navigations. */
  AUTH_LOGTO_SILENT_SIGN_IN?: string | undefined;
  /** Seconds before a visitor without a Logto session is probed again. Default 300. */
  AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER?: string | undefined;
  /** Seconds between checks of a session with Logto (userinfo); 0 turns them off. Default 60. */
  AUTH_LOGTO_SESSION_CHECK_INTERVAL?: string | undefined;
  /** `redis://` or `rediss://`: revocations shared by every instance of the app. */
  REDIS_URL?: string | undefined;
  /** Without REDIS_URL, the file that keeps revocations. Default `.data/revocations.json`. */
  AUTH_REVOCATION_FILE?: string | undefined;
  /** `1` turns the per-request session check off, for benchmarks against the local IdP only. */
  BENCH_SKIP_SESSION_CHECK?: string | undefined;
  /**
   * The port this server listens on (Next.js sets it; remix-serve and most hosts read it). With a loopback
   * `AUTH_URL`, the two must agree: see {@link LoadLogtoConfigOptions.portVariable}.
   */
  PORT?: string | undefined;
  /**
   * `1`: this server is reached through a proxy, a load balancer or a port mapping that serves `AUTH_URL`, so its own
   * port may differ from `AUTH_URL`'s even on localhost. Default `0`.
   */
  AUTH_BEHIND_PROXY?: string | undefined;
}

/** Options of {@link loadLogtoConfig}. */
export interface LoadLogtoConfigOptions {
  /**
   * Values to use when `AUTH_LOGTO_ISSUER` is not set, pointing at a local development IdP. They never
   * apply once `AUTH_LOGTO_ISSUER` is set, so a real tenant cannot run with a demo secret by accident.
   */
  developmentDefaults?: Required<Pick<LogtoEnv, "AUTH_LOGTO_ISSUER" | "AUTH_LOGTO_ID" | "AUTH_LOGTO_SECRET" | "AUTH_SECRET" | "AUTH_URL">>;
  /** The `direct_sign_in` value used when `AUTH_LOGTO_DIRECT_SIGN_IN` is not set. @default undefined */
  defaultDirectSignIn?: string;
  /**
   * The variable that sets this server's port, named in the error when `PORT` disagrees with a loopback `AUTH_URL`
   * (`AUTH_URL is http://localhost:3000 but this server listens on port 3005: set PORT=3000 or change AUTH_URL`).
   * A loopback `AUTH_URL` is compared unless `AUTH_BEHIND_PROXY=1`; any other host is not compared, since a public
   * URL is served through a proxy, a load balancer or a port mapping that says nothing about this server's port.
   * @default "PORT"
   */
  portVariable?: string;
}

/** One problem with one environment variable. */
export interface LogtoConfigIssue {
  variable: keyof LogtoEnv;
  message: string;
}

/** Thrown by {@link loadLogtoConfig}; its message lists every variable that is missing or malformed. */
export class LogtoConfigError extends Error {
  override name = "LogtoConfigError";
  constructor(
    readonly issues: LogtoConfigIssue[],
    message = `Invalid Logto configuration:\n${issues.map((issue) => `  - ${issue.variable}: ${issue.message}`).join("\n")}`,
  ) {
    super(message);
  }
}

const httpUrl = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .trim()
    .min(1, `is required (${what})`)
    .refine((value) => URL.canParse(value), `must be an absolute URL (${what}), got a value that is not a URL`)
    .transform((value) => new URL(value))
    .refine((url) => url.protocol === "http:" || url.protocol === "https:", "must use http: or https:")
    .refine((url) => !url.search && !url.hash, "must not have a query string or a fragment")
    .refine((url) => !url.username && !url.password, "must not contain credentials")
    .transform((url) => url.href.replace(/\/+$/, ""));

const required = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .trim()
    .min(1, `is required (${what})`);

const envSchema = z.object({
  AUTH_LOGTO_ISSUER: httpUrl("Logto's issuer, e.g. https://your-tenant.logto.app/oidc"),
  AUTH_LOGTO_ID: required("the App ID from Logto Console"),
  AUTH_LOGTO_SECRET: required("the App secret from Logto Console"),
  AUTH_SECRET: z
    .string({ error: "is required (a random secret of at least 32 characters: `openssl rand -base64 33`)" })
    .min(32, "must be at least 32 characters long (`openssl rand -base64 33` makes one)"),
  AUTH_URL: httpUrl("this app's public origin, e.g. https://app.example.com"),
  AUTH_LOGTO_SCOPES: z
    .string()
    .optional()
    .transform((value) => value?.split(/[\s,]+/).filter(Boolean))
    .refine((scopes) => scopes === undefined || scopes.includes("openid"), "must include `openid`")
    .refine(
      (scopes) => scopes === undefined || scopes.every((scope) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)),
      "must be scope tokens separated by spaces",
    ),
  AUTH_LOGTO_DIRECT_SIGN_IN: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || value === "off" || /^(social|sso):[\w.-]+$|^[\w.-]+$/.test(value),
      "must be `off` or a Logto direct sign-in target such as `social:huggingface`",
    ),
  AUTH_LOGTO_SILENT_SIGN_IN: z.enum(["on", "off"], { error: "must be `on` or `off`" }).default("on"),
  AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER: z.coerce
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(0, "must not be negative")
    .default(300),
  AUTH_LOGTO_SESSION_CHECK_INTERVAL: z.coerce
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(0, "must not be negative (0 turns the check off)")
    .default(60),
  REDIS_URL: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || (URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol)),
      "must be a redis:// or rediss:// URL",
    ),
  AUTH_REVOCATION_FILE: z.string().default(".data/revocations.json"),
  BENCH_SKIP_SESSION_CHECK: z.enum(["0", "1"], { error: 'must be "0" or "1"' }).default("0"),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a port number")
    .min(0, "must be a port number")
    .max(65535, "must be a port number")
    .optional(),
  AUTH_BEHIND_PROXY: z.enum(["0", "1"], { error: 'must be "0" or "1" (1: a proxy in front of this server serves AUTH_URL)' }).default("0"),
});

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
export function loadLogtoConfig(env: LogtoEnv & Readonly<Record<string, string | undefined>>, options: LoadLogtoConfigOptions = {}): LogtoConfig {
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
    REDIS_URL: blankToUndefined(env.REDIS_URL)?.trim(),
    AUTH_REVOCATION_FILE: blankToUndefined(env.AUTH_REVOCATION_FILE)?.trim(),
    BENCH_SKIP_SESSION_CHECK: blankToUndefined(env.BENCH_SKIP_SESSION_CHECK)?.trim(),
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
  if (parsed.BENCH_SKIP_SESSION_CHECK === "1" && defaults === undefined) {
    const message = "is for benchmarks against apps/idp only: unset it when AUTH_LOGTO_ISSUER is set (without the check, logouts are missed)";
    throw new LogtoConfigError([{ variable: "BENCH_SKIP_SESSION_CHECK", message }], `BENCH_SKIP_SESSION_CHECK ${message}`);
  }
  const portMismatch = parsed.AUTH_BEHIND_PROXY === "1" ? undefined : portProblem(parsed.AUTH_URL, parsed.PORT, options.portVariable ?? "PORT");
  if (portMismatch) throw new LogtoConfigError([{ variable: "AUTH_URL", message: portMismatch }], `AUTH_URL ${portMismatch}`);
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
    redisUrl: parsed.REDIS_URL,
    revocationFile: parsed.AUTH_REVOCATION_FILE,
    benchSkipSessionCheck: parsed.BENCH_SKIP_SESSION_CHECK === "1",
    usesDevelopmentDefaults: defaults !== undefined,
  };
}

function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A browser on this machine reaches a loopback AUTH_URL directly: on another port than this server's, every sign-in
 * would come back to another server or to none. A public AUTH_URL is served through something (a reverse proxy, a load
 * balancer, a port mapping), so its port says nothing about this server's.
 */
function portProblem(appUrl: string, port: number | undefined, portVariable: string): string | undefined {
  if (port === undefined || port === 0 || !isLoopback(appUrl)) return undefined;
  const url = new URL(appUrl);
  const urlPort = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  if (urlPort === port) return undefined;
  return (
    `is ${appUrl} but this server listens on port ${port}: set ${portVariable}=${urlPort} or change AUTH_URL ` +
    "(AUTH_BEHIND_PROXY=1 if a proxy in front of this server serves AUTH_URL)"
  );
}

/**
 * A production app talking to a real issuer must not run on what was committed for the local demo. The local
 * IdP on localhost stays allowed, so that a production build of the demo still starts.
 */
function productionProblems(
  parsed: { AUTH_LOGTO_ISSUER: string; AUTH_SECRET: string; AUTH_LOGTO_SECRET: string },
  nodeEnv: string | undefined,
  developmentDefaults: LoadLogtoConfigOptions["developmentDefaults"],
): LogtoConfigIssue[] {
  if (nodeEnv !== "production" || isLoopback(parsed.AUTH_LOGTO_ISSUER)) return [];
  const issues: LogtoConfigIssue[] = [];
  if (parsed.AUTH_LOGTO_ISSUER.startsWith("http:")) {
    issues.push({ variable: "AUTH_LOGTO_ISSUER", message: "must use https: in production (only an IdP on localhost may use http:)" });
  }
  if (developmentDefaults && parsed.AUTH_SECRET === developmentDefaults.AUTH_SECRET) {
    issues.push({ variable: "AUTH_SECRET", message: "is the committed development secret: generate your own (`openssl rand -base64 33`)" });
  }
  if (developmentDefaults && parsed.AUTH_LOGTO_SECRET === developmentDefaults.AUTH_LOGTO_SECRET) {
    issues.push({ variable: "AUTH_LOGTO_SECRET", message: "is the local IdP's demo secret: use the App secret from Logto Console" });
  }
  return issues;
}
