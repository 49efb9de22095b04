import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Ports of the production servers the suite starts; distinct from `pnpm dev`'s, so both can run at once. */
export const ports = {
  web: Number(process.env.E2E_WEB_PORT ?? 4100),
  idp: Number(process.env.E2E_IDP_PORT ?? 4101),
  remix: Number(process.env.E2E_REMIX_PORT ?? 4102),
};

export const urls = {
  web: `http://localhost:${ports.web}`,
  remix: `http://localhost:${ports.remix}`,
  idp: `http://localhost:${ports.idp}`,
  issuer: `http://localhost:${ports.idp}/oidc`,
};

// The config is evaluated by the runner and again by each worker: the runner picks the folder, workers inherit it.
process.env.E2E_IDP_DATA_DIR ??= mkdtempSync(join(tmpdir(), "e2e-idp-"));

/** Access tokens live this long in the suite, so that the apps must refresh them while it runs. */
export const ACCESS_TOKEN_TTL = 70;

/** The environment of every server: each finds the others through these ports. */
export const serverEnv = {
  WEB_PORT: String(ports.web),
  REMIX_PORT: String(ports.remix),
  IDP_PORT: String(ports.idp),
  IDP_DATA_DIR: process.env.E2E_IDP_DATA_DIR,
  IDP_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL),
};

/** Each app records revocations in its own file for this run. */
export const appEnv = (app: "web" | "remix") => ({
  ...serverEnv,
  AUTH_REVOCATION_FILE: join(process.env.E2E_IDP_DATA_DIR!, `${app}-revocations.json`),
});
