/**
 * What the bench reads from its environment, in one place: the ports of the servers it starts (each overridable, so
 * that a run can stay clear of ports another run or test suite holds) and the browser it drives.
 */

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) throw new Error(`${name} must be a port number (1-65535), got "${value}"`);
  return parsed;
}

/** `pnpm bench`: our apps and apps/idp, then our apps without the session check and the Logto SDK peers. */
export const benchPorts = {
  servers: { web: port("BENCH_WEB_PORT", 4600), idp: port("BENCH_IDP_PORT", 4601), remix: port("BENCH_REMIX_PORT", 4602) },
  comparison: {
    peerNext: port("BENCH_PEER_NEXT_PORT", 4603),
    peerRemix: port("BENCH_PEER_REMIX_PORT", 4604),
    webUnchecked: port("BENCH_WEB_UNCHECKED_PORT", 4605),
    remixUnchecked: port("BENCH_REMIX_UNCHECKED_PORT", 4606),
  },
  /** Where the bench times `pnpm dev` from start until every server answers. */
  dev: { web: port("BENCH_DEV_WEB_PORT", 4620), idp: port("BENCH_DEV_IDP_PORT", 4621), remix: port("BENCH_DEV_REMIX_PORT", 4622) },
};

/** `pnpm load`: our apps and apps/idp. */
export const loadPorts = { web: port("LOAD_WEB_PORT", 4650), idp: port("LOAD_IDP_PORT", 4651), remix: port("LOAD_REMIX_PORT", 4652) };

/** The Chromium `pnpm bench` drives. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
