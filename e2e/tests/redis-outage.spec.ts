import { expect, grace, test } from "../fixtures";
import { instances, SessionReplay } from "../instances";
import { startRedis, stopRedis } from "../redis-control";

/**
 * Redis goes down under all four app instances (two per app, sharing it) and comes back empty, with no app restart.
 * Logto posts a logout token to one URL per app, i.e. to one instance: what it applies must reach the other.
 */
for (const [from, to] of [
  ["web", "remix"],
  ["remix", "web"],
] as const) {
  test(`a sign-out in ${from} while Redis is down reaches both instances of ${to} once Redis is back`, async ({
    page,
    web,
    remix,
    huggingFace,
  }) => {
    test.setTimeout(90_000);
    const apps = { web, remix };
    await apps[from].open();
    await apps[from].clickSignIn();
    await huggingFace.signInAs(grace.name);
    await apps[from].expectSignedIn(grace);
    await apps[to].open();
    await apps[to].expectSignedIn(grace);

    // The browser's cookies as they are now, shown to each instance in turn (and kept through refreshes).
    const replay = await SessionReplay.of(page.context());
    const all = Object.values(instances);
    for (const instance of all) expect(await replay.signedInOn(instance), instance.name).toBe(true);

    await stopRedis();
    try {
      // Pages keep working without Redis, without waiting for it.
      for (const instance of all) {
        const started = Date.now();
        expect(await replay.signedInOn(instance), instance.name).toBe(true);
        expect(Date.now() - started, instance.name).toBeLessThan(2_000);
      }

      // The browser signs out with the session as the replayed requests left it (they may have refreshed it).
      await replay.applyTo(page.context());
      await apps[from].open();
      await apps[from].signOut();
      // The instance that received the logout token applied it at once; the other one cannot know yet.
      expect(await replay.signedInOn(instances[to])).toBe(false);
      expect(await replay.signedInOn(instances[`${to}2`])).toBe(true);
    } finally {
      await startRedis();
    }

    // Redis is back, empty: the queued logout is written and published, and reaches every instance. Each one learns
    // it on its own (its reconnection, then the catch-up), so each is waited for, within the same bound.
    for (const instance of all) {
      await expect.poll(() => replay.signedInOn(instance), { message: instance.name, timeout: 15_000 }).toBe(false);
    }
  });
}
