import { describe, expect, it } from "vitest";
import { demoApp } from "./demo.js";

describe("demoApp", () => {
  it("points an app at the local IdP on IDP_PORT, and refuses an IDP_PORT it cannot read", () => {
    expect(demoApp("web", { IDP_PORT: "4001" }).developmentDefaults.AUTH_LOGTO_ISSUER).toBe("http://localhost:4001/oidc");
    expect(() => demoApp("web", { IDP_PORT: "idp" })).toThrow(/IDP_PORT/);
  });

  it("does not read IDP_PORT once AUTH_LOGTO_ISSUER points at a real Logto", () => {
    const app = demoApp("remix", { AUTH_LOGTO_ISSUER: "https://tenant.logto.app/oidc", IDP_PORT: "idp", WEB_PORT: "4000" });
    expect(app.otherAppUrl).toBe("http://localhost:4000");
  });
});
