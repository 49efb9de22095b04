import { describe, expect, it } from "vitest";
import { sessionOrigin } from "./session-data.js";
import type { ProbeState } from "./sso-probe.js";

const probe = (overrides: Partial<ProbeState> = {}): ProbeState => ({
  status: "pending",
  attempt: 1,
  returnTo: "/",
  at: 1_000,
  ...overrides,
});

describe("sessionOrigin", () => {
  const now = 1_800_000_000_123;

  it("is a sign-in made here without a pending probe", () => {
    expect(sessionOrigin(null, now)).toEqual({ how: "signed-in-here", at: 1_800_000_000 });
    expect(sessionOrigin(probe({ status: "done" }), now)).toEqual({ how: "signed-in-here", at: 1_800_000_000 });
  });

  it("is silent while a probe is pending: three redirects for prompt=none answered at once", () => {
    expect(sessionOrigin(probe({ startedAt: now - 63, cameFrom: "http://localhost:3002" }), now)).toEqual({
      how: "silent",
      at: 1_800_000_000,
      cameFrom: "http://localhost:3002",
      logtoRequests: 1,
      redirects: 3,
      durationMs: 63,
    });
  });

  it("counts the consent retry's two redirects, and leaves out what it does not know", () => {
    expect(sessionOrigin(probe({ attempt: 2 }), now)).toEqual({
      how: "silent",
      at: 1_800_000_000,
      logtoRequests: 2,
      redirects: 5,
    });
  });
});
