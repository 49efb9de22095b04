import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const read = (path: string) => readFile(resolve(repo, path), "utf8");

describe("the release workflow", async () => {
  const workflow = await read(".github/workflows/release.yml");
  const rootScripts = Object.keys(
    (JSON.parse(await read("package.json")) as { scripts: Record<string, string> }).scripts,
  );
  const packageScripts = Object.keys(
    (JSON.parse(await read("packages/auth-config/package.json")) as { scripts: Record<string, string> }).scripts,
  );

  it("only runs scripts that exist", () => {
    const builtins = new Set(["install"]);
    const rootCalls = [...workflow.matchAll(/pnpm (?!--filter)(?:run )?([\w:-]+)/g)].map((match) => match[1]!);
    const packageCalls = [...workflow.matchAll(/pnpm --filter @logto-hf\/auth-config (?:run )?([\w:-]+)/g)].map(
      (match) => match[1]!,
    );
    expect(rootCalls).toEqual(expect.arrayContaining(["version-packages", "release"]));
    for (const script of rootCalls) if (!builtins.has(script)) expect(rootScripts).toContain(script);
    for (const script of packageCalls) expect(packageScripts).toContain(script);
  });

  it("grants nothing by default and pins every action to a commit", () => {
    expect(workflow).toMatch(/^permissions: \{\}$/m);
    expect(workflow).toMatch(/id-token: write/);
    const actions = [...workflow.matchAll(/uses: ([^\s]+)/g)].map((match) => match[1]!);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/@[0-9a-f]{40}$/);
  });
});
