import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { APP_A } from "../test-support.js";
import { parseForms } from "../testing/html-forms.js";
import { startTestIdp, type TestIdp } from "../testing/test-idp.js";

let idp: TestIdp;

beforeAll(async () => {
  idp = await startTestIdp([APP_A], { standIn: { accessTokenTtl: 600 } });
});

afterAll(async () => {
  vi.useRealTimers();
  await idp?.stop();
});

const basic = `Basic ${Buffer.from("hf-standin-client:hf-standin-secret").toString("base64")}`;
const redirectUri = () => `${idp.origin}/interaction/callback/huggingface`;

/** A stand-in token set for `account` with `scope`: the consent step submitted, the code exchanged. */
async function standInTokens(account: string, scope: string): Promise<Record<string, unknown>> {
  const authorize = new URL(`${idp.origin}/huggingface/oauth/authorize`);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: "hf-standin-client",
    redirect_uri: redirectUri(),
    scope,
    state: "s",
    account,
  }).toString();
  const consent = parseForms(await (await fetch(authorize)).text())[0];
  if (!consent) throw new Error("no consent form");
  const body = new URLSearchParams(consent.hidden);
  body.set("decision", "allow");
  const decided = await fetch(new URL(consent.action, authorize), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
  const code = new URL(decided.headers.get("location") ?? "").searchParams.get("code") ?? "";
  return token({ grant_type: "authorization_code", code, redirect_uri: redirectUri() });
}

async function token(params: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${idp.origin}/huggingface/oauth/token`, {
    method: "POST",
    headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  return { status: response.status, ...((await response.json()) as Record<string, unknown>) };
}

async function hub(path: string, accessToken?: unknown) {
  const response = await fetch(`${idp.origin}/huggingface${path}`, {
    headers: accessToken === undefined ? {} : { authorization: `Bearer ${String(accessToken)}` },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const ids = (body: unknown) => (body as { id: string }[]).map((model) => model.id);

describe("the stand-in's Hub API", () => {
  it("GET /api/whoami-v2: the token's user, organizations and role, in Hugging Face's shape", async () => {
    const tokens = await standInTokens("ada", "openid profile email read-repos inference-api");
    const { status, body } = await hub("/api/whoami-v2", tokens.access_token);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      type: "user",
      id: "65a1f0c2d3e4b5a6c7d8e9f0",
      name: "ada",
      fullname: "Ada Lovelace",
      email: "ada@example.com",
      isPro: true,
      avatarUrl: `${idp.origin}/huggingface/avatars/ada.svg`,
      orgs: [
        { type: "org", name: "analytical-engines", fullname: "Analytical Engines", roleInOrg: "admin" },
        { type: "org", name: "poetical-science", fullname: "Poetical Science", roleInOrg: "read" },
      ],
      auth: { type: "access_token", accessToken: { displayName: "OAuth: Logto (local)", role: "read" } },
    });

    const linus = await standInTokens("linus", "openid profile");
    expect((await hub("/api/whoami-v2", linus.access_token)).body).toMatchObject({
      name: "linus",
      fullname: "linus",
      email: null,
      orgs: [],
    });
    const writer = await standInTokens("grace", "openid profile write-repos");
    expect((await hub("/api/whoami-v2", writer.access_token)).body).toMatchObject({
      auth: { accessToken: { role: "write" } },
    });
  });

  it("answers 401 without a valid token, and to an expired one", async () => {
    const invalid = { status: 401, body: { error: "Invalid credentials in Authorization header" } };
    expect(await hub("/api/whoami-v2")).toEqual(invalid);
    expect(await hub("/api/whoami-v2", "hf_oauth_forged")).toEqual(invalid);
    expect(await hub("/api/models?author=ada", "hf_oauth_forged")).toEqual(invalid);
    const tokens = await standInTokens("ada", "openid profile");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 601_000 });
    try {
      expect(await hub("/api/whoami-v2", tokens.access_token)).toEqual(invalid);
    } finally {
      vi.useRealTimers();
    }
  });

  it("GET /api/models?author=: private models only for the author's token with a repository scope", async () => {
    const withRepos = await standInTokens("ada", "openid profile read-repos");
    const withoutRepos = await standInTokens("ada", "openid profile");
    const grace = await standInTokens("grace", "openid profile read-repos");
    const all = ["ada/bernoulli-numbers-7b", "ada/loom-patterns", "ada/notes-on-the-engine"];
    const publicOnly = ["ada/bernoulli-numbers-7b", "ada/loom-patterns"];

    const mine = await hub("/api/models?author=ada", withRepos.access_token);
    expect(mine.status).toBe(200);
    expect(ids(mine.body)).toEqual(all);
    expect((mine.body as Record<string, unknown>[])[0]).toMatchObject({
      id: "ada/bernoulli-numbers-7b",
      modelId: "ada/bernoulli-numbers-7b",
      private: false,
      pipeline_tag: "text-generation",
      library_name: "transformers",
      downloads: 1843,
      likes: 42,
    });
    expect(ids((await hub("/api/models?author=ada", withoutRepos.access_token)).body)).toEqual(publicOnly);
    expect(ids((await hub("/api/models?author=ada", grace.access_token)).body)).toEqual(publicOnly);
    expect(ids((await hub("/api/models?author=ada")).body)).toEqual(publicOnly);
    expect((await hub("/api/models?author=linus")).body).toEqual([]);
  });

  it("refreshes with rotation: a spent refresh token is refused", async () => {
    const tokens = await standInTokens("ada", "openid profile read-repos");
    expect(tokens.refresh_token).toMatch(/^hf_oauth_refresh_/);
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: String(tokens.refresh_token) });
    expect(refreshed).toMatchObject({ status: 200, token_type: "bearer", scope: "openid profile read-repos" });
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await hub("/api/whoami-v2", refreshed.access_token)).status).toBe(200);
    expect(await token({ grant_type: "refresh_token", refresh_token: String(tokens.refresh_token) })).toMatchObject({
      status: 400,
      error: "invalid_grant",
    });
  });
});
