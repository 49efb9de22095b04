import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startIdp, type IdpClient, type RunningIdp } from "@logto-hf/dev-idp";

const silent = { info() {}, warn() {}, error() {} };

/** The real apps/idp, in-process on a free port with a fresh data directory. */
export async function startTestIdp(clients: IdpClient[]): Promise<RunningIdp & { stop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "auth-config-idp-"));
  const idp = await startIdp({ port: 0, dataDir, clients, logger: silent });
  return {
    ...idp,
    async stop() {
      await idp.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Cookie header value for the `Set-Cookie` headers of a response (name=value pairs only). */
export function cookiesFrom(response: Response, previous = ""): string {
  const jar = new Map(
    previous
      .split("; ")
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)] as const),
  );
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0] ?? "";
    const name = pair.slice(0, pair.indexOf("="));
    const value = pair.slice(pair.indexOf("=") + 1);
    if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}
