import { describe, expect, it } from "vitest";
import { portFromEnv } from "./port.js";

describe("portFromEnv", () => {
  it("reads the variable, or falls back when it is unset or blank", () => {
    expect(portFromEnv({ WEB_PORT: " 4000 " }, "WEB_PORT", 3000)).toBe(4000);
    expect(portFromEnv({}, "WEB_PORT", 3000)).toBe(3000);
    expect(portFromEnv({ WEB_PORT: "" }, "WEB_PORT", 3000)).toBe(3000);
  });

  it("refuses anything but a port number, naming the variable", () => {
    for (const value of ["web", "0", "65536", "30.5", "-1", "3e3"]) {
      expect(() => portFromEnv({ BENCH_WEB_PORT: value }, "BENCH_WEB_PORT", 4600)).toThrow(
        `BENCH_WEB_PORT must be a port number (1 to 65535), got "${value}"`,
      );
    }
  });
});
