import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One code block of the package README's quick starts. */
export interface ReadmeSnippet {
  framework: "next" | "react-router" | "remix";
  /** The file it is, from its first line (`// src/auth.ts`). */
  path: string;
  /** The first line is the path alone: the block is the app's file (see {@link SNIPPET_APPS}), word for word. */
  exact: boolean;
  /** The code, without that first line. */
  code: string;
}

const SECTIONS = { "## Next.js (App Router)": "next", "## React Router": "react-router", "## Remix": "remix" } as const;

/**
 * Where each section's files are, from the repository's root: the apps made by create-next-app and a React Router
 * app (built from the packed package by the e2e suite), and the Remix demo app.
 */
export const SNIPPET_APPS = {
  next: "examples/next-app",
  "react-router": "examples/react-router-app",
  remix: "apps/remix",
} as const;

/** The `ts`/`tsx` blocks of the README's Next.js, React Router and Remix sections, each named by its first line. */
export async function readmeSnippets(): Promise<ReadmeSnippet[]> {
  const readme = await readFile(join(dirname(fileURLToPath(import.meta.url)), "../README.md"), "utf8");
  const snippets: ReadmeSnippet[] = [];
  let framework: ReadmeSnippet["framework"] | undefined;
  for (const part of readme.split(/^(## .*)$/m)) {
    if (part.startsWith("## ")) {
      framework = SECTIONS[part.trim() as keyof typeof SECTIONS];
      continue;
    }
    if (!framework) continue;
    for (const [, body] of part.matchAll(/^```tsx?\n([\s\S]*?)^```$/gm)) {
      const [first = "", ...rest] = body!.split("\n");
      const header = /^\/\/ (\S+)( .*)?$/.exec(first);
      if (!header) throw new Error(`A ${framework} block of the README does not start with "// <file path>": ${first}`);
      snippets.push({ framework, path: header[1]!, exact: header[2] === undefined, code: rest.join("\n") });
    }
  }
  return snippets;
}
