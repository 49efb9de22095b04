import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readmeSnippets, SNIPPET_APPS } from "./readme-snippets.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("the README's quick starts", () => {
  it("are the example and demo apps' files, word for word", async () => {
    const exact = (await readmeSnippets()).filter((snippet) => snippet.exact);
    expect(exact.map((snippet) => `${snippet.framework} ${snippet.path}`)).toEqual(
      expect.arrayContaining([
        "next auth.ts",
        "next proxy.ts",
        "next app/protected/page.tsx",
        "react-router app/auth.server.ts",
        "react-router app/routes.ts",
        "remix app/auth.server.ts",
        "remix app/routes/auth.callback.tsx",
      ]),
    );
    for (const snippet of exact) {
      const app = SNIPPET_APPS[snippet.framework];
      const file = await readFile(join(root, app, snippet.path), "utf8");
      expect(snippet.code, `${app}/${snippet.path}`).toBe(file);
    }
  });
});
