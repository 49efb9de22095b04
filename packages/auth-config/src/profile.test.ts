import { describe, expect, it } from "vitest";
import { logtoTimestampToDate, mapLogtoProfile } from "./profile.js";

describe("mapLogtoProfile", () => {
  it("maps Logto's claims for a Hugging Face user", () => {
    expect(
      mapLogtoProfile({
        sub: "usr_1",
        name: "Ada Lovelace",
        username: "ada",
        email: "ada@example.com",
        email_verified: true,
        picture: "https://cdn.example/ada.png",
        created_at: 1_764_000_000_000,
        updated_at: 1_764_000_000_123,
      }),
    ).toEqual({
      id: "usr_1",
      name: "Ada Lovelace",
      username: "ada",
      email: "ada@example.com",
      image: "https://cdn.example/ada.png",
    });
  });

  it("falls back to the username for the name, as Logto's guide does", () => {
    expect(mapLogtoProfile({ sub: "usr_2", name: null, username: "linus" }).name).toBe("linus");
    expect(mapLogtoProfile({ sub: "usr_2", name: "  ", username: "linus" }).name).toBe("linus");
  });

  it("tolerates real Logto's nulls and missing claims", () => {
    expect(mapLogtoProfile({ sub: "usr_3", picture: null, email: null, username: null })).toEqual({
      id: "usr_3",
      name: null,
      username: null,
      email: null,
      image: null,
    });
  });

  it("drops an avatar that is not an http(s) URL", () => {
    expect(mapLogtoProfile({ sub: "u", picture: "javascript:alert(1)" }).image).toBeNull();
    expect(mapLogtoProfile({ sub: "u", picture: "not a url" }).image).toBeNull();
    expect(mapLogtoProfile({ sub: "u", picture: 42 }).image).toBeNull();
  });

  it("refuses claims without a subject", () => {
    expect(() => mapLogtoProfile({ name: "Nobody" })).toThrow(/no `sub` claim/);
    expect(() => mapLogtoProfile({ sub: "" })).toThrow(TypeError);
  });
});

describe("logtoTimestampToDate", () => {
  it("reads Logto's milliseconds and standard seconds alike", () => {
    expect(logtoTimestampToDate(1_764_000_000_000)?.toISOString()).toBe("2025-11-24T16:00:00.000Z");
    expect(logtoTimestampToDate(1_764_000_000)?.toISOString()).toBe("2025-11-24T16:00:00.000Z");
  });

  it("ignores what is not a timestamp", () => {
    expect(logtoTimestampToDate(undefined)).toBeUndefined();
    expect(logtoTimestampToDate("1764000000")).toBeUndefined();
    expect(logtoTimestampToDate(Number.NaN)).toBeUndefined();
  });
});
