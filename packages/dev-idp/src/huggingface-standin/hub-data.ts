/**
 * What the stand-in's Hub knows of its accounts: their organizations and models, fixed so that pages and tests can
 * name them. `linus` (and every generated account) has none.
 */

/** An organization, as `whoami-v2` lists it among a user's `orgs`. */
export interface StandInOrg {
  /** Hugging Face's id: 24 hex digits. */
  id: string;
  name: string;
  fullname: string;
  roleInOrg: "admin" | "write" | "contributor" | "read";
}

/** A model repository, as `GET /api/models` lists it. */
export interface StandInModel {
  /** Hugging Face's id: 24 hex digits. */
  _id: string;
  /** `<author>/<name>` */
  id: string;
  private: boolean;
  pipeline_tag: string;
  library_name: string;
  tags: string[];
  downloads: number;
  likes: number;
  /** ISO 8601 */
  createdAt: string;
}

const ORGS: Record<string, StandInOrg[]> = {
  ada: [
    { id: "66b0a1c2d3e4f5a6b7c8d9e0", name: "analytical-engines", fullname: "Analytical Engines", roleInOrg: "admin" },
    { id: "66b0a1c2d3e4f5a6b7c8d9e1", name: "poetical-science", fullname: "Poetical Science", roleInOrg: "read" },
  ],
  grace: [{ id: "66b0a1c2d3e4f5a6b7c8d9e2", name: "compiler-corps", fullname: "Compiler Corps", roleInOrg: "write" }],
};

const MODELS: Record<string, StandInModel[]> = {
  ada: [
    {
      _id: "67c0a1c2d3e4f5a6b7c8d9e0",
      id: "ada/bernoulli-numbers-7b",
      private: false,
      pipeline_tag: "text-generation",
      library_name: "transformers",
      tags: ["transformers", "safetensors", "text-generation", "en"],
      downloads: 1843,
      likes: 42,
      createdAt: "2026-01-12T09:30:00.000Z",
    },
    {
      _id: "67c0a1c2d3e4f5a6b7c8d9e1",
      id: "ada/loom-patterns",
      private: false,
      pipeline_tag: "image-classification",
      library_name: "timm",
      tags: ["timm", "image-classification"],
      downloads: 310,
      likes: 7,
      createdAt: "2026-03-02T14:05:00.000Z",
    },
    {
      _id: "67c0a1c2d3e4f5a6b7c8d9e2",
      id: "ada/notes-on-the-engine",
      private: true,
      pipeline_tag: "text-generation",
      library_name: "transformers",
      tags: ["transformers", "text-generation"],
      downloads: 0,
      likes: 0,
      createdAt: "2026-05-20T08:00:00.000Z",
    },
  ],
  grace: [
    {
      _id: "67c0a1c2d3e4f5a6b7c8d9e3",
      id: "grace/cobol-coder",
      private: false,
      pipeline_tag: "text-generation",
      library_name: "transformers",
      tags: ["transformers", "code", "text-generation"],
      downloads: 5120,
      likes: 96,
      createdAt: "2025-11-09T16:45:00.000Z",
    },
  ],
};

/** The organizations `username` belongs to. */
export function orgsOf(username: string): readonly StandInOrg[] {
  return ORGS[username] ?? [];
}

/** The models `author` owns, private ones included. */
export function modelsOf(author: string): readonly StandInModel[] {
  return MODELS[author] ?? [];
}
