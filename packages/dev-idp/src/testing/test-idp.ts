/** The real IdP for a test: in this process, on a free port, with its own data directory, and quiet. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { startIdp } from "../server.js";
import type { IdpClient, Logger, RunningIdp, StartIdpOptions } from "../types.js";

/** A logger that drops everything: test output shows the tests, not the IdP. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Options of {@link startTestIdp}: those of `startIdp` but `clients`, all optional. Their defaults: a free port,
 * a fresh temporary data directory, {@link silentLogger}.
 */
export type TestIdpOptions = Partial<Omit<StartIdpOptions, "clients">>;

/** An IdP started by {@link startTestIdp}. */
export interface TestIdp extends RunningIdp {
  /** Where its keys, users and sessions persist. */
  dataDir: string;
  /** Closes the IdP, then removes its data directory when {@link startTestIdp} created it. */
  stop(): Promise<void>;
}

/**
 * Starts the real IdP for a test, with `clients` registered.
 *
 * @param clients the OAuth applications the test signs in with
 * @param options anything else `startIdp` takes; a `dataDir` given here is the caller's and is left in place
 *   (to restart an IdP with its data, say)
 * @example
 * ```ts
 * const idp = await startTestIdp([client]);
 * afterAll(() => idp.stop());
 * ```
 */
export async function startTestIdp(clients: IdpClient[], options: TestIdpOptions = {}): Promise<TestIdp> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "dev-idp-test-")));
  const removeOwnDataDir = async () => {
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
  };
  let idp: RunningIdp;
  try {
    idp = await startIdp({
      ...options,
      port: options.port ?? 0,
      logger: options.logger ?? silentLogger,
      dataDir,
      clients,
    });
  } catch (error) {
    await removeOwnDataDir();
    throw error;
  }
  return {
    ...idp,
    dataDir,
    async stop() {
      await idp.close();
      await removeOwnDataDir();
    },
  };
}
