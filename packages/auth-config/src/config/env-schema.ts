import { z } from "zod";
import { parseResources } from "./resources.js";

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

/** The environment variables of `loadLogtoConfig`, validated and converted. */
export const envSchema = z.object({
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
  AUTH_LOGTO_RESOURCES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseResources(value);
      if ("problem" in parsed) {
        ctx.addIssue({ code: "custom", message: parsed.problem });
        return z.NEVER;
      }
      return parsed.resources;
    }),
  REDIS_URL: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || (URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol)),
      "must be a redis:// or rediss:// URL",
    ),
  AUTH_REVOCATION_FILE: z.string().default(".data/revocations.json"),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a port number")
    .min(0, "must be a port number")
    .max(65535, "must be a port number")
    .optional(),
  AUTH_BEHIND_PROXY: z
    .enum(["0", "1"], { error: 'must be "0" or "1" (1: a proxy in front of this server serves AUTH_URL)' })
    .default("0"),
});
