import { describe, expect, it } from "vitest";
import { demoApp, demoClients } from "./topology.js";

describe("demoApp", () => {
  it("points an app at the local IdP on IDP_PORT, and refuses an IDP_PORT it cannot read", () => {
    expect(demoApp("web", { IDP_PORT: "4001" }).developmentDefaults.AUTH_LOGTO_ISSUER).toBe(
      "http://localhost:4001/oidc",
    );
    expect(() => demoApp("web", { IDP_PORT: "idp" })).toThrow(/IDP_PORT/);
  });

  it("does not read IDP_PORT once AUTH_LOGTO_ISSUER points at a real Logto", () => {
    const app = demoApp("remix", {
      AUTH_LOGTO_ISSUER: "https://tenant.logto.app/oidc",
      IDP_PORT: "idp",
      WEB_PORT: "4000",
    });
    expect(app.otherAppUrl).toBe("http://localhost:4000");
  });

  it("links to the other app's public URL when set, and refuses one that is not a URL", () => {
    expect(demoApp("web", { REMIX_APP_URL: "https://remix.example" }).otherAppUrl).toBe("https://remix.example");
    expect(() => demoApp("remix", { WEB_APP_URL: "web" })).toThrow('WEB_APP_URL must be a URL, got "web"');
  });
});

describe("demoApp: the Hugging Face Hub the /huggingface page calls", () => {
  it("is the local IdP's stand-in by default, huggingface.co against a real Logto, HF_HUB_URL when set", () => {
    expect(demoApp("web", { IDP_PORT: "4001" }).huggingFaceHubUrl).toBe("http://localhost:4001/huggingface");
    expect(demoApp("web", { AUTH_LOGTO_ISSUER: "https://tenant.logto.app/oidc" }).huggingFaceHubUrl).toBe(
      "https://huggingface.co",
    );
    expect(demoApp("remix", { HF_HUB_URL: "https://hub.example/" }).huggingFaceHubUrl).toBe("https://hub.example");
    expect(() => demoApp("remix", { HF_HUB_URL: "hub" })).toThrow('HF_HUB_URL must be a URL, got "hub"');
  });
});

describe("demoClients", () => {
  it("registers each app's callback, post-logout and back-channel URIs on its port", () => {
    const [web, remix] = demoClients({ WEB_PORT: "4000", REMIX_PORT: "4002" });
    expect(web?.redirectUris).toEqual(["http://localhost:4000/api/auth/callback/logto"]);
    expect(remix?.backchannelLogoutUri).toBe("http://localhost:4002/auth/backchannel-logout");
    expect(demoClients({}).map((client) => client.postLogoutRedirectUris[0])).toEqual([
      "http://localhost:3000/",
      "http://localhost:3002/",
    ]);
  });

  it("registers the secrets the apps use by default", () => {
    for (const client of demoClients({})) {
      expect(demoApp(client.clientId, {}).developmentDefaults.AUTH_LOGTO_SECRET).toBe(client.clientSecret);
    }
  });
});
