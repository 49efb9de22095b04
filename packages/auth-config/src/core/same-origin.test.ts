import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin.js";

const APP = "https://app.example.com";
const post = (headers: Record<string, string>) => new Request(`${APP}/auth/sign-out`, { method: "POST", headers });

describe("isSameOriginRequest", () => {
  it("accepts the app's own pages and clients that send neither header", () => {
    expect(isSameOriginRequest(post({ origin: APP, "sec-fetch-site": "same-origin" }), APP)).toBe(true);
    expect(isSameOriginRequest(post({}), APP)).toBe(true);
  });

  it.each([
    [{ origin: "https://evil.example" }],
    [{ origin: "https://app.example.com.evil.example" }],
    [{ origin: "null" }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "same-site" }],
  ])("refuses %j", (headers) => {
    expect(isSameOriginRequest(post(headers), APP)).toBe(false);
  });
});
