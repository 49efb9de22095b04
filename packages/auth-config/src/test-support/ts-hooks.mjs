// Node hooks that let a child process of a test run the package's TypeScript sources as they are (Node 20 cannot):
// `node --import ./ts-register.mjs child.ts`. Types are dropped with the TypeScript compiler the package builds with.
import { readFile } from "node:fs/promises";
import ts from "typescript";

/** Resolves `./x.js` to `./x.ts` in a TypeScript module, as the package's imports are written for the build. */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!specifier.endsWith(".js") || !context.parentURL?.endsWith(".ts")) throw error;
    return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith(".ts")) return nextLoad(url, context);
  const source = await readFile(new URL(url), "utf8");
  const { outputText } = ts.transpileModule(source, {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
