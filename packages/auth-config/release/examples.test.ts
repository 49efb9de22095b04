import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("the apps of examples/", () => {
  it(
    "install from the packed package and build with their frameworks' own builds (and typecheck)",
    async () => {
      // The same preparation the e2e suite starts them from; it redoes only what changed.
      const { stderr } = await promisify(execFile)("node", [join(root, "e2e/examples.mjs"), "prepare"], {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(stderr).toBe("");
    },
    15 * 60_000,
  );
});
