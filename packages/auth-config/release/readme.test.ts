import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readmeSnippets } from "./readme-snippets.js";

const apps = join(dirname(fileURLToPath(import.meta.url)), "../../../apps");
const appOf = { next: "web", remix: "remix" } as const;

describe("the README's quick starts", () => {
  it("are the demo apps' files, word for word", async () => {
    const exact = (await readmeSnippets()).filter((snippet) => snippet.exact);
    expect(exact.map((snippet) => `${snippet.framework} ${snippet.path}`)).toEqual(
      expect.arrayContaining([
        "next src/auth.ts",
        "next src/proxy.ts",
        "remix app/auth.server.ts",
        "remix app/routes/auth.callback.tsx",
      ]),
    );
    for (const snippet of exact) {
      const file = await readFile(join(apps, appOf[snippet.framework], snippet.path), "utf8");
      expect(snippet.code, `${appOf[snippet.framework]}/${snippet.path}`).toBe(file);
    }
  });
});
