/** Signing keys (ES384, P-384) and cookie keys, generated on first start and persisted in dataDir. */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`could not read ${file}: ${(error as Error).message}`);
  }
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

function isEs384PrivateKey(key: unknown): key is JWK {
  const k = key as JWK | undefined;
  return k?.kty === "EC" && k.crv === "P-384" && typeof k.d === "string" && typeof k.x === "string";
}

/** Returns the private JWKS (`{ keys: [ES384 key] }`) stored in `dataDir/jwks.json`, creating it on first use. */
export async function loadOrCreateJwks(dataDir: string): Promise<{ keys: JWK[] }> {
  const file = path.join(dataDir, "jwks.json");
  const existing = (await readJson(file)) as { keys?: unknown[] } | undefined;
  const keys = existing?.keys?.filter(isEs384PrivateKey) ?? [];
  if (keys.length > 0) return { keys: keys.map((k) => ({ ...k, alg: "ES384", use: "sig" })) };

  const { privateKey } = await generateKeyPair("ES384", { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const jwks = { keys: [{ ...jwk, kid, alg: "ES384", use: "sig" }] };
  await writeJsonAtomic(file, jwks);
  return jwks;
}

/** Returns the cookie signing keys stored in `dataDir/cookie-keys.json`, creating them on first use. */
export async function loadOrCreateCookieKeys(dataDir: string): Promise<string[]> {
  const file = path.join(dataDir, "cookie-keys.json");
  const existing = (await readJson(file)) as { keys?: unknown } | undefined;
  if (
    Array.isArray(existing?.keys) &&
    existing.keys.length > 0 &&
    existing.keys.every((k) => typeof k === "string" && k)
  ) {
    return existing.keys as string[];
  }
  const keys = [randomBytes(32).toString("base64url")];
  await writeJsonAtomic(file, { keys });
  return keys;
}
