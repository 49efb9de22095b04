import { describe, expect, it } from "vitest";
import { RevocationMemory } from "./revocation-memory.js";

const T = 1_800_000_000;

describe("RevocationMemory: pruning by lifetime", () => {
  it("drops expired session revocations as new ones arrive, though nobody asks about them again", () => {
    const memory = new RevocationMemory();
    for (let i = 0; i < 1000; i++) memory.addSession(`old-${i}`, T + 10, T);
    for (let i = 0; i < 1000; i++) memory.addSession(`new-${i}`, T + 100, T + 11);
    expect(memory.size.sessions).toBe(1000);
    expect(memory.isRevoked({ sid: "new-999", sub: "u", createdAt: T }, T + 11)).toBe(true);
  });

  it("stays within about 4/3 of the unexpired revocations at a steady rate of logouts", () => {
    const memory = new RevocationMemory();
    const lifetime = 1000;
    let largest = 0;
    // One logout per second for ten lifetimes: 1000 revocations unexpired at any time.
    for (let second = 0; second < 10 * lifetime; second++) {
      memory.addSession(`sid-${second}`, T + second + lifetime, T + second);
      memory.addSubject(`sub-${second}`, T + second, T + second + lifetime, T + second);
      largest = Math.max(largest, memory.size.sessions, memory.size.subjects);
    }
    expect(largest).toBeGreaterThanOrEqual(lifetime);
    expect(largest).toBeLessThanOrEqual((lifetime * 4) / 3 + 4);
  });

  it("prunes nothing unexpired, and a renewed revocation keeps its later expiry", () => {
    const memory = new RevocationMemory();
    memory.addSession("kept", T + 50, T);
    memory.addSession("kept", T + 500, T + 1);
    for (let i = 0; i < 100; i++) memory.addSession(`other-${i}`, T + 60, T + 2);
    for (let i = 0; i < 100; i++) memory.addSession(`later-${i}`, T + 600, T + 61);
    expect(memory.size.sessions).toBe(101);
    expect(memory.isRevoked({ sid: "kept", sub: "u", createdAt: T }, T + 61)).toBe(true);
    expect(memory.isRevoked({ sid: "other-0", sub: "u", createdAt: T }, T + 61)).toBe(false);
  });

  it("matches an ID cut out of a longer string, whatever its characters", () => {
    const memory = new RevocationMemory();
    const key = "web:revoked:sid:\ud800-not-a-pair-\u00e9-abcdefghijklmnop";
    const sid = key.slice("web:revoked:sid:".length);
    memory.addSession(sid, T + 100, T);
    memory.addSubject(key.slice(4), T, T + 100, T);
    expect(memory.isRevoked({ sid: `${"\ud800"}-not-a-pair-é-abcdefghijklmnop`, sub: "u", createdAt: T }, T)).toBe(
      true,
    );
    expect(memory.isRevoked({ sub: "revoked:sid:\ud800-not-a-pair-é-abcdefghijklmnop", createdAt: T }, T)).toBe(true);
  });
});
