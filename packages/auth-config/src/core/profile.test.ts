import { describe, expect, it } from "vitest";
import { LogtoError } from "../errors.js";
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

  it("takes the Hugging Face name and username from identities when Logto has none (what Logto 1.37 sends)", () => {
    const identities = (rawData: Record<string, unknown>) => ({
      huggingface: { userId: "hf1", details: { id: "hf1", name: rawData.name ?? null, rawData } },
    });
    const withFullName = mapLogtoProfile({
      sub: "u1",
      name: "Ada Lovelace",
      username: null,
      picture: "https://cdn.example/ada.png",
      identities: identities({
        sub: "hf1",
        name: "Ada Lovelace",
        preferred_username: "ada",
        picture: "https://hf.example/ada.png",
      }),
    });
    expect(withFullName).toMatchObject({ name: "Ada Lovelace", username: "ada", image: "https://cdn.example/ada.png" });
    // An account without a full name: Logto sent name, username and picture null; the app showed "Signed in".
    const withoutFullName = mapLogtoProfile({
      sub: "u2",
      name: null,
      username: null,
      picture: null,
      identities: identities({ sub: "hf2", preferred_username: "linus", picture: "https://hf.example/linus.png" }),
    });
    expect(withoutFullName).toEqual({
      id: "u2",
      name: "linus",
      username: "linus",
      email: null,
      image: "https://hf.example/linus.png",
    });
    // A Logto username (set in Console) wins over Hugging Face's.
    expect(
      mapLogtoProfile({ sub: "u3", username: "ada-l", identities: identities({ preferred_username: "ada" }) }).username,
    ).toBe("ada-l");
    expect(
      mapLogtoProfile({ sub: "u4", identities: { huggingface: { details: { rawData: null } } } }).username,
    ).toBeNull();
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
    expect(() => mapLogtoProfile({ sub: "" })).toThrow(LogtoError);
    expect(() => mapLogtoProfile({ sub: "" })).toThrow(expect.objectContaining({ code: "argument.invalid" }));
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
