/**
 * Every port `pnpm bench` and `pnpm load` listen on, each movable by a BENCH_*_PORT variable, so that they can run
 * next to `pnpm dev`, the browser suite or another run. The defaults are distinct from every other server's here.
 */
import { portFromEnv } from "@logto-hf/demo";

const port = (name: string, fallback: number) => portFromEnv(process.env, name, fallback);

/** `pnpm bench`: idp, web and remix from production builds. */
export const benchPorts = {
  web: port("BENCH_WEB_PORT", 4600),
  idp: port("BENCH_IDP_PORT", 4601),
  remix: port("BENCH_REMIX_PORT", 4602),
};

/** `pnpm bench`: the Logto SDK peers. */
export const comparisonPorts = {
  peerNext: port("BENCH_PEER_NEXT_PORT", 4603),
  peerRemix: port("BENCH_PEER_REMIX_PORT", 4604),
};

/** `pnpm bench`: the protocol floor of a zero-click return visit (bench/floor.ts), an app's origin and an IdP's. */
export const floorPorts = { app: port("BENCH_FLOOR_APP_PORT", 4630), idp: port("BENCH_FLOOR_IDP_PORT", 4631) };

/** `pnpm bench`: the `pnpm dev` it times until every server answers. */
export const devPorts = {
  web: port("BENCH_DEV_WEB_PORT", 4620),
  idp: port("BENCH_DEV_IDP_PORT", 4621),
  remix: port("BENCH_DEV_REMIX_PORT", 4622),
};

/** `pnpm load`: idp, web and remix from production builds. */
export const loadPorts = {
  web: port("BENCH_LOAD_WEB_PORT", 4650),
  idp: port("BENCH_LOAD_IDP_PORT", 4651),
  remix: port("BENCH_LOAD_REMIX_PORT", 4652),
};

/** `pnpm bench` part store-scale: the throw-away `redis-server` it measures the Redis revocation store on. */
export const storePorts = { redis: port("BENCH_REDIS_PORT", 5700) };
