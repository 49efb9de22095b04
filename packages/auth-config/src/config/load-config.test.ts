import { describe, expect, it } from "vitest";
import { LogtoConfigError } from "./config-error.js";
import { loadLogtoConfig } from "./load-config.js";
import { DEFAULT_SCOPES } from "./types.js";

const developmentDefaults = {
  AUTH_LOGTO_ISSUER: "http://localhost:3001/oidc",
  AUTH_LOGTO_ID: "web",
  AUTH_LOGTO_SECRET: "dev-web-client-secret",
  AUTH_SECRET: "dev-only-web-auth-secret-0123456789abcdef",
  AUTH_URL: "http://localhost:3000",
};

const tenant = {
  AUTH_LOGTO_ISSUER: "https://tenant.logto.app/oidc/",
  AUTH_LOGTO_ID: "app-id",
  AUTH_LOGTO_SECRET: "app-secret",
  AUTH_SECRET: "x".repeat(32),
  AUTH_URL: "https://app.example.com",
};

function issuesOf(env: Record<string, string | undefined>) {
  try {
    loadLogtoConfig(env, { developmentDefaults });
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoConfigError);
    expect(error).toMatchObject({ code: "config.invalid" });
    return (error as LogtoConfigError).issues;
  }
  throw new Error("expected loadLogtoConfig to throw");
}

describe("loadLogtoConfig", () => {
  it("uses the development defaults when no issuer is configured", () => {
    const config = loadLogtoConfig({}, { developmentDefaults, defaultDirectSignIn: "social:huggingface" });
    expect(config).toEqual({
      issuer: "http://localhost:3001/oidc",
      clientId: "web",
      clientSecret: "dev-web-client-secret",
      authSecret: developmentDefaults.AUTH_SECRET,
      appUrl: "http://localhost:3000",
      scopes: [...DEFAULT_SCOPES],
      directSignIn: "social:huggingface",
      silentSignIn: true,
      silentSignInRetryAfter: 300,
      sessionCheckInterval: 60,
      resources: [],
      redisUrl: undefined,
      revocationFile: ".data/revocations.json",
      usesDevelopmentDefaults: true,
      development: true,
    });
  });

  it("reads the revocation store", () => {
    const shared = loadLogtoConfig({ REDIS_URL: "redis://127.0.0.1:6379" }, { developmentDefaults });
    expect(shared.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(() => loadLogtoConfig({ REDIS_URL: "http://cache" }, { developmentDefaults })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it("reads a real tenant from the environment and normalises the issuer", () => {
    const config = loadLogtoConfig(tenant, { developmentDefaults });
    expect(config.issuer).toBe("https://tenant.logto.app/oidc");
    expect(config.clientId).toBe("app-id");
    expect(config.usesDevelopmentDefaults).toBe(false);
    expect(config.directSignIn).toBeUndefined();
  });

  it("never mixes development defaults into a real tenant's configuration", () => {
    const issues = issuesOf({ AUTH_LOGTO_ISSUER: "https://tenant.logto.app/oidc" });
    expect(issues.map((issue) => issue.variable)).toEqual([
      "AUTH_LOGTO_ID",
      "AUTH_LOGTO_SECRET",
      "AUTH_SECRET",
      "AUTH_URL",
    ]);
    expect(issues[0]?.message).toMatch(/required .*App ID/);
  });

  it("names a missing issuer when there are no development defaults", () => {
    expect(() => loadLogtoConfig({ ...tenant, AUTH_LOGTO_ISSUER: "" })).toThrow(/AUTH_LOGTO_ISSUER: is required/);
  });

  it.each([
    ["not a url", /must be an absolute URL/],
    ["ftp://tenant.logto.app/oidc", /must use http: or https:/],
    ["https://tenant.logto.app/oidc?x=1", /must not have a query string/],
    ["https://user:pw@tenant.logto.app/oidc", /must not contain credentials/],
  ])("refuses the issuer %s", (issuer, message) => {
    const issues = issuesOf({ ...tenant, AUTH_LOGTO_ISSUER: issuer });
    expect(issues).toEqual([{ variable: "AUTH_LOGTO_ISSUER", message: expect.stringMatching(message) }]);
  });

  it("refuses a short AUTH_SECRET", () => {
    expect(issuesOf({ ...tenant, AUTH_SECRET: "short" })).toEqual([
      { variable: "AUTH_SECRET", message: expect.stringMatching(/at least 32 characters/) },
    ]);
  });

  it("refuses a malformed AUTH_URL", () => {
    expect(issuesOf({ ...tenant, AUTH_URL: "app.example.com" })).toEqual([
      { variable: "AUTH_URL", message: expect.stringMatching(/must be an absolute URL/) },
    ]);
  });

  it("reads scopes and requires openid among them", () => {
    expect(loadLogtoConfig({ ...tenant, AUTH_LOGTO_SCOPES: "openid profile" }).scopes).toEqual(["openid", "profile"]);
    expect(issuesOf({ ...tenant, AUTH_LOGTO_SCOPES: "profile email" })).toEqual([
      { variable: "AUTH_LOGTO_SCOPES", message: "must include `openid`" },
    ]);
  });

  it("reads the API resources with their scopes, and names what is wrong in AUTH_LOGTO_RESOURCES", () => {
    const resources = "https://api.example.com read:notes write:notes, https://billing.example.com/v1 read:invoices";
    expect(loadLogtoConfig({ ...tenant, AUTH_LOGTO_RESOURCES: resources }).resources).toEqual([
      { indicator: "https://api.example.com", scopes: ["read:notes", "write:notes"] },
      { indicator: "https://billing.example.com/v1", scopes: ["read:invoices"] },
    ]);
    expect(loadLogtoConfig(tenant).resources).toEqual([]);
    expect(issuesOf({ ...tenant, AUTH_LOGTO_RESOURCES: "read:notes https://api.example.com" })).toEqual([
      { variable: "AUTH_LOGTO_RESOURCES", message: expect.stringContaining('"read:notes" is not an API identifier') },
    ]);
    expect(issuesOf({ ...tenant, AUTH_LOGTO_RESOURCES: "https://api.example.com#x read" })[0]?.message).toContain(
      "no fragment",
    );
    expect(
      issuesOf({ ...tenant, AUTH_LOGTO_RESOURCES: "https://api.example.com a, https://api.example.com b" })[0]?.message,
    ).toContain("listed twice");
  });

  it("turns direct sign-in off or validates its target", () => {
    const options = { developmentDefaults, defaultDirectSignIn: "social:huggingface" };
    expect(loadLogtoConfig({ AUTH_LOGTO_DIRECT_SIGN_IN: "off" }, options).directSignIn).toBeUndefined();
    expect(loadLogtoConfig({ AUTH_LOGTO_DIRECT_SIGN_IN: "social:github" }, options).directSignIn).toBe("social:github");
    expect(issuesOf({ AUTH_LOGTO_DIRECT_SIGN_IN: "social:hugging face" })[0]?.variable).toBe(
      "AUTH_LOGTO_DIRECT_SIGN_IN",
    );
  });

  it("switches silent sign-in off and validates its retry delay", () => {
    const config = loadLogtoConfig({
      ...tenant,
      AUTH_LOGTO_SILENT_SIGN_IN: "off",
      AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER: "30",
    });
    expect(config).toMatchObject({ silentSignIn: false, silentSignInRetryAfter: 30 });
    expect(issuesOf({ ...tenant, AUTH_LOGTO_SILENT_SIGN_IN: "maybe" })).toEqual([
      { variable: "AUTH_LOGTO_SILENT_SIGN_IN", message: "must be `on` or `off`" },
    ]);
    expect(issuesOf({ ...tenant, AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER: "soon" })[0]?.variable).toBe(
      "AUTH_LOGTO_SILENT_SIGN_IN_RETRY_AFTER",
    );
  });

  describe("the port this server listens on (PORT) and AUTH_URL", () => {
    const local = { ...tenant, AUTH_URL: "http://localhost:3000" };

    it(
      "stops a server whose port disagrees with a loopback AUTH_URL, " +
        "naming both and the variable that sets the port",
      () => {
        expect(() => loadLogtoConfig({ ...local, PORT: "3005" }, { portVariable: "WEB_PORT" })).toThrow(
          new RegExp(
            /^AUTH_URL is http:\/\/localhost:3000 but this server listens on port 3005: /.source +
              /set WEB_PORT=3000 or change AUTH_URL \(AUTH_BEHIND_PROXY=1 if/.source,
          ),
        );
        expect(issuesOf({ ...local, PORT: "3005" })).toEqual([
          { variable: "AUTH_URL", message: expect.stringMatching(/set PORT=3000 or change/) },
        ]);
      },
    );

    it.each([
      ["http://127.0.0.1:4000", "4001"],
      ["http://[::1]:4000", "4001"],
      ["http://localhost", "3000"],
      ["https://localhost", "80"],
    ])("compares every loopback AUTH_URL (%s, port %s), the scheme's default port included", (appUrl, port) => {
      expect(issuesOf({ ...tenant, AUTH_URL: appUrl, PORT: port }).map((issue) => issue.variable)).toEqual([
        "AUTH_URL",
      ]);
    });

    it("starts when they agree, or when AUTH_URL names no port and the server listens on the scheme's default", () => {
      expect(loadLogtoConfig({ ...local, PORT: "3000" }).appUrl).toBe("http://localhost:3000");
      expect(loadLogtoConfig({ ...tenant, AUTH_URL: "http://localhost", PORT: "80" }).appUrl).toBe("http://localhost");
      expect(loadLogtoConfig({ ...tenant, AUTH_URL: "https://127.0.0.1:8443/", PORT: "8443" }).appUrl).toBe(
        "https://127.0.0.1:8443",
      );
    });

    it("compares nothing when AUTH_BEHIND_PROXY=1, for a public AUTH_URL, without PORT, or on port 0", () => {
      expect(loadLogtoConfig({ ...local, PORT: "3005", AUTH_BEHIND_PROXY: "1" }).appUrl).toBe("http://localhost:3000");
      expect(loadLogtoConfig({ ...tenant, PORT: "8080" }).appUrl).toBe("https://app.example.com");
      expect(loadLogtoConfig({ ...tenant, AUTH_URL: "http://app.internal:3000", PORT: "8080" }).appUrl).toBe(
        "http://app.internal:3000",
      );
      expect(loadLogtoConfig(local).appUrl).toBe("http://localhost:3000");
      expect(loadLogtoConfig({ ...local, PORT: "0" }).appUrl).toBe("http://localhost:3000");
    });

    it("checks the development defaults' AUTH_URL too, and AUTH_BEHIND_PROXY=0 like unset", () => {
      expect(issuesOf({ PORT: "3002", AUTH_BEHIND_PROXY: "0" })).toEqual([
        { variable: "AUTH_URL", message: expect.stringMatching(/^is http:\/\/localhost:3000 but/) },
      ]);
      expect(loadLogtoConfig({ PORT: "3000" }, { developmentDefaults }).usesDevelopmentDefaults).toBe(true);
    });

    it("refuses a PORT or an AUTH_BEHIND_PROXY it cannot read", () => {
      expect(issuesOf({ ...local, PORT: "web" })).toEqual([{ variable: "PORT", message: "must be a port number" }]);
      expect(issuesOf({ ...local, PORT: "70000" })).toEqual([{ variable: "PORT", message: "must be a port number" }]);
      expect(issuesOf({ ...local, AUTH_BEHIND_PROXY: "yes" })).toEqual([
        { variable: "AUTH_BEHIND_PROXY", message: expect.stringMatching(/must be "0" or "1"/) },
      ]);
    });
  });

  describe("in production against a real issuer", () => {
    const production = { ...tenant, NODE_ENV: "production" };

    it("starts with a real tenant's own values", () => {
      expect(loadLogtoConfig(production, { developmentDefaults }).issuer).toBe("https://tenant.logto.app/oidc");
    });

    it("refuses a plain-http issuer", () => {
      expect(issuesOf({ ...production, AUTH_LOGTO_ISSUER: "http://logto.example.com/oidc" })).toEqual([
        { variable: "AUTH_LOGTO_ISSUER", message: expect.stringMatching(/must use https: in production/) },
      ]);
    });

    it("refuses the committed development secrets", () => {
      const issues = issuesOf({
        ...production,
        AUTH_SECRET: developmentDefaults.AUTH_SECRET,
        AUTH_LOGTO_SECRET: developmentDefaults.AUTH_LOGTO_SECRET,
      });
      expect(issues.map((issue) => issue.variable)).toEqual(["AUTH_SECRET", "AUTH_LOGTO_SECRET"]);
    });

    it("still starts the local demo against apps/idp on localhost", () => {
      expect(loadLogtoConfig({ NODE_ENV: "production" }, { developmentDefaults }).usesDevelopmentDefaults).toBe(true);
    });
  });

  it("lists every problem in one message", () => {
    expect(() => loadLogtoConfig({ AUTH_LOGTO_ISSUER: "nope", AUTH_SECRET: "short" })).toThrow(
      new RegExp(
        /Invalid Logto configuration:\n {2}- AUTH_LOGTO_ISSUER: .*\n {2}- AUTH_LOGTO_ID: .*\n/.source +
          / {2}- AUTH_LOGTO_SECRET: .*\n {2}- AUTH_SECRET: .*\n {2}- AUTH_URL: /.source,
      ),
    );
  });
});
