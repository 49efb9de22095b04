import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runServer } from "verdaccio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeSnippets } from "./readme-snippets.js";

/**
 * A real release: the repository's own `version-packages` and `release` scripts publish the package to a local
 * registry (verdaccio on loopback, no uplink for the @logto-hf scope), then fresh projects outside the workspace
 * install it with npm and with pnpm, typecheck every entry point and import it at runtime.
 */

const exec = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const NAME = "@logto-hf/auth-config";

async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    return await exec(command, args, { cwd, env: { ...process.env, CI: "true", ...env }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
}

let root: string;
let registry: string;
let server: Server;
let publishedVersion: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "auth-config-release-"));
  const storage = join(root, "storage");
  await mkdir(storage);
  server = (await runServer({
    self_path: root,
    storage,
    auth: { htpasswd: { file: join(root, "htpasswd"), max_users: -1 } },
    // No uplinks at all: the scope can only come from what the release publishes.
    uplinks: {},
    packages: { "@logto-hf/*": { access: "$all", publish: "$all", unpublish: "$all" } },
    log: { type: "stdout", format: "pretty", level: "fatal" },
    security: { api: { legacy: true } },
  } as never)) as unknown as Server;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections?.();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (root) await rm(root, { recursive: true, force: true });
});

/** An .npmrc that sends the scope to the local registry, everything else to the usual one. */
const scopedNpmrc = () =>
  `@logto-hf:registry=${registry}\n${registry.replace(/^http:/, "")}:_authToken=local-test-token\n`;

describe("release", () => {
  it("versions and publishes the package with the repository's own scripts", async () => {
    // A copy of the tracked files, so that versioning does not touch this checkout.
    const copy = join(root, "repo");
    const { stdout: files } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], repo);
    for (const file of files.split("\0").filter(Boolean)) {
      await mkdir(dirname(join(copy, file)), { recursive: true });
      await cp(join(repo, file), join(copy, file)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error; // deleted in the working tree
      });
    }
    await writeFile(join(copy, ".npmrc"), scopedNpmrc());
    await run(
      "pnpm",
      ["install", "--frozen-lockfile", "--prefer-offline", "--filter", `${NAME}...`, "--filter", "logto-hf-sso"],
      copy,
    );

    await run("pnpm", ["version-packages"], copy);
    const manifest = JSON.parse(await readFile(join(copy, "packages/auth-config/package.json"), "utf8")) as {
      version: string;
    };
    publishedVersion = manifest.version;
    expect(publishedVersion).not.toBe("0.0.0");
    expect(await readFile(join(copy, "packages/auth-config/CHANGELOG.md"), "utf8")).toContain(`## ${publishedVersion}`);

    const { stdout, stderr } = await run("pnpm", ["release"], copy, { npm_config_registry: registry });
    expect(`${stdout}${stderr}`).toMatch(new RegExp(`${NAME}@${publishedVersion.replace(/\./g, "\\.")}`));
    const view = await run("npm", ["view", `${NAME}@${publishedVersion}`, "version", "--registry", registry], root);
    expect(view.stdout.trim()).toBe(publishedVersion);

    // Publishing the same version again is refused by the registry, with a message that says why.
    const again = run(
      "npm",
      ["publish", "--registry", registry, "--access", "public"],
      join(copy, "packages/auth-config"),
      {
        npm_config_userconfig: join(copy, ".npmrc"),
      },
    );
    await expect(again).rejects.toThrow(
      /cannot publish over|previously published|EPUBLISHCONFLICT|already (exists|present)/i,
    );
  }, 300_000);

  for (const client of ["npm", "pnpm"] as const) {
    it(`installs from the registry with ${client}, ` +
      "typechecks every entry point and the README's quick starts, and imports it", async () => {
      expect(publishedVersion, "the release step must have run").toBeDefined();
      const project = join(root, `consumer-${client}`);
      await mkdir(project);
      await writeFile(
        join(project, ".npmrc"),
        `${scopedNpmrc()}auto-install-peers=false\nstrict-peer-dependencies=false\n`,
      );
      await writeFile(
        join(project, "package.json"),
        JSON.stringify({
          name: `consumer-${client}`,
          private: true,
          type: "module",
          dependencies: {
            [NAME]: publishedVersion,
            "@auth/core": "0.41.3",
            "@remix-run/node": "2.17.5",
            "@remix-run/react": "2.17.5",
            next: "16.4.6",
            "next-auth": "5.0.0-beta.32",
            react: "19.3.1",
            "react-dom": "19.3.1",
            "remix-auth": "4.2.0",
            "remix-auth-oauth2": "3.4.1",
            redis: "5.12.1",
          },
          devDependencies: { typescript: "5.9.3", "@types/node": "20.19.43", "@types/react": "19.3.3" },
        }),
      );
      await writeFile(join(project, "consumer.ts"), CONSUMER_SOURCE);
      // The Remix section's files; the Next.js and React Router ones are whole apps, built by the e2e suite.
      for (const snippet of (await readmeSnippets()).filter(({ framework }) => framework === "remix")) {
        await mkdir(dirname(join(project, snippet.path)), { recursive: true });
        await writeFile(join(project, snippet.path), snippet.code);
      }
      await writeFile(join(project, "tsconfig.readme.json"), JSON.stringify(README_TSCONFIG));
      await writeFile(join(project, "resolve-like-a-bundler.mjs"), RESOLVE_LIKE_A_BUNDLER);
      await run(client, client === "npm" ? ["install", "--legacy-peer-deps", "--no-audit"] : ["install"], project);

      const installed = JSON.parse(await readFile(join(project, "node_modules", NAME, "package.json"), "utf8")) as {
        version: string;
      };
      expect(installed.version).toBe(publishedVersion);

      for (const [module, moduleResolution] of [
        ["NodeNext", "NodeNext"],
        ["ESNext", "Bundler"],
      ] as const) {
        await run(
          join(project, "node_modules/.bin/tsc"),
          [
            "--noEmit",
            "--strict",
            "--skipLibCheck",
            "--target",
            "ES2022",
            "--lib",
            "ES2023,DOM",
            "--types",
            "node",
            "--module",
            module,
            "--moduleResolution",
            moduleResolution,
            "consumer.ts",
          ],
          project,
        );
      }

      // The README's Remix files as a Remix app has them, with its `~/` imports.
      await run(join(project, "node_modules/.bin/tsc"), ["-p", "tsconfig.readme.json"], project);

      const { stdout } = await run(
        "node",
        ["--import", "./resolve-like-a-bundler.mjs", "--input-type=module", "-e", RUNTIME_CHECK],
        project,
      );
      expect(JSON.parse(stdout)).toEqual({
        root: expect.arrayContaining(["loadLogtoConfig", "mapLogtoProfile", "LogtoError", "signInErrorMessage"]),
        core: expect.arrayContaining([
          "createLogtoApp",
          "LogtoClient",
          "SsoProbe",
          "handleBackchannelLogout",
          "checkLogtoSession",
        ]),
        nextAuth: expect.arrayContaining(["Logto", "LogtoNextAuth"]),
        remix: expect.arrayContaining(["LogtoStrategy", "LogtoRemixAuth"]),
        redis: expect.arrayContaining(["createRedisRevocationStore"]),
        version: publishedVersion,
      });
    }, 300_000);
  }
});

/** Uses every entry point the way an app does, so that a wrong type or a missing export fails to compile. */
const CONSUMER_SOURCE = `
import { LogtoError, loadLogtoConfig, mapLogtoProfile, type LogtoUser } from "@logto-hf/auth-config";
import {
  checkLogtoSession,
  createLogtoApp,
  handleBackchannelLogout,
  LogtoClient,
  openRevocationStore,
  safeReturnTo,
  SsoProbe,
} from "@logto-hf/auth-config/core";
import { Logto } from "@logto-hf/auth-config/next-auth";
import { LogtoStrategy } from "@logto-hf/auth-config/remix";
import { createRedisRevocationStore } from "@logto-hf/auth-config/redis";

const config = loadLogtoConfig({
  AUTH_LOGTO_ISSUER: "https://tenant.logto.app/oidc",
  AUTH_LOGTO_ID: "id",
  AUTH_LOGTO_SECRET: "s",
  AUTH_SECRET: "x".repeat(32),
  AUTH_URL: "https://app.example.com",
});
const user: LogtoUser = mapLogtoProfile({ sub: "u1", username: "ada" });
const provider = Logto({
  issuer: config.issuer,
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  directSignIn: "social:huggingface",
});
const probe = new SsoProbe({ secret: config.authSecret, cookieName: "sso-probe" });
const path: string = safeReturnTo("/protected");
export async function wire(request: Request) {
  const store = await openRevocationStore({ keyPrefix: "app:" });
  const redisStore = await createRedisRevocationStore({ url: "redis://127.0.0.1:6379", keyPrefix: "app:" });
  const strategy = await LogtoStrategy.create(
    { ...config, redirectURI: config.appUrl + "/auth/callback" },
    async ({ profile }) => profile,
  );
  const client = new LogtoClient(config);
  const check = await checkLogtoSession(
    { sub: user.id, createdAt: 0, accessTokenExpiresAt: 0 },
    { client, revocations: store },
  );
  const response: Response = await handleBackchannelLogout(request, { client, store: redisStore });
  const app = createLogtoApp(config, { name: "app", probeExcludedPaths: ["/api/"] });
  const failed = new LogtoError("config.invalid", "example").code;
  return [
    provider.id,
    probe.shouldProbe(request, { signedIn: false }),
    path,
    strategy.name,
    check.status,
    response.status,
    app.name,
    failed,
  ];
}
`;

const README_TSCONFIG = {
  compilerOptions: {
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    target: "ES2022",
    lib: ["ES2023", "DOM", "DOM.Iterable"],
    module: "ESNext",
    moduleResolution: "Bundler",
    jsx: "react-jsx",
    types: ["node"],
    paths: { "~/*": ["./app/*"] },
  },
  include: ["app", "vite.config.ts"],
};

/**
 * next-auth imports \`next/server\` and friends without an extension, which only a bundler resolves (Next.js has no
 * exports map): this hook resolves them as Next.js's bundler does, so that the Next.js entry loads in plain Node.
 */
const RESOLVE_LIKE_A_BUNDLER = `
import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const nextSubpath = specifier.startsWith("next/") && !specifier.endsWith(".js");
    if (error?.code === "ERR_MODULE_NOT_FOUND" && nextSubpath) return next(specifier + ".js", context);
    throw error;
  }
}\`));
`;

const RUNTIME_CHECK = `
const keys = (module) => Object.keys(module).sort();
const root = await import("@logto-hf/auth-config");
const core = await import("@logto-hf/auth-config/core");
const nextAuth = await import("@logto-hf/auth-config/next-auth");
const remix = await import("@logto-hf/auth-config/remix");
const redis = await import("@logto-hf/auth-config/redis");
const { default: manifest } = await import("@logto-hf/auth-config/package.json", { with: { type: "json" } });
console.log(
  JSON.stringify({
    root: keys(root),
    core: keys(core),
    nextAuth: keys(nextAuth),
    remix: keys(remix),
    redis: keys(redis),
    version: manifest.version,
  }),
);
`;
