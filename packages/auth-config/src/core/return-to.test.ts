import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to.js";

describe("safeReturnTo", () => {
  it.each(["/", "/protected", "/protected?tab=1#top", "/a/b%2Fc"])("keeps the same-origin path %s", (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/\tevil",
    "%2F%2Fevil.example",
    "/%5Cevil.example".replace("%5C", "\\"),
    "http:/evil.example",
    "evil.example",
    "",
  ])("refuses %j", (value) => {
    expect(safeReturnTo(value)).toBe("/");
  });

  it("keeps encoded slashes inside the path, where they cannot change the host", () => {
    expect(safeReturnTo("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(new URL(safeReturnTo("/%2F%2Fevil.example"), "http://localhost:3000").host).toBe("localhost:3000");
  });

  it("normalises dot segments without leaving the origin", () => {
    expect(safeReturnTo("/a/../../evil")).toBe("/evil");
  });

  it("uses the fallback for anything that is not a string", () => {
    expect(safeReturnTo(null, "/home")).toBe("/home");
    expect(safeReturnTo(["/x"], "/home")).toBe("/home");
  });
});
