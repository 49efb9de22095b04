import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { escapeHtml } from "../html.js";
import { APP_A, APP_B, authorizationRequest } from "../test-support.js";
import { type HtmlForm, parseForms } from "../testing/html-forms.js";
import { signInThroughStandIn } from "../testing/scripted-browser.js";
import { startTestIdp, type TestIdp } from "../testing/test-idp.js";
import { USERNAME_PATTERN, USERNAME_RULE } from "./accounts.js";
import { refusedUsernameMessage } from "./pages.js";

let idp: TestIdp;

beforeAll(async () => {
  idp = await startTestIdp([APP_A, APP_B]);
});

afterAll(async () => {
  await idp?.stop();
});

const CLIENT_ID = "hf-standin-client";
const SECRET = "hf-standin-secret";
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function authorizeUrl(overrides: Record<string, string | null> = {}) {
  const verifier = randomBytes(32).toString("base64url");
  const params: Record<string, string | null> = {
    response_type: "code",
    client_id: CLIENT_ID,
    redirect_uri: `${idp.origin}/interaction/callback/huggingface`,
    scope: "openid profile email",
    state: "st-1",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...overrides,
  };
  const url = new URL(`${idp.origin}/huggingface/oauth/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return { url, verifier };
}

/** Submits a form of the stand-in like a browser, without following the answer. */
async function post(form: HtmlForm, base: URL, fields: Record<string, string> = {}) {
  const body = new URLSearchParams(form.hidden);
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  const response = await fetch(new URL(form.action, base), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
  await response.body?.cancel();
  return { status: response.status, location: new URL(response.headers.get("location") ?? "about:blank", base) };
}

async function get(url: URL) {
  const response = await fetch(url, { redirect: "manual" });
  return { status: response.status, text: await response.text() };
}

/** Drives the stand-in's pick + consent steps directly (each POST must answer 303) and returns the final redirect. */
async function authorizeAs(account: string, decision: "allow" | "deny", overrides: Record<string, string | null> = {}) {
  const { url, verifier } = authorizeUrl(overrides);
  const pickPage = await (await fetch(url)).text();
  const pick = parseForms(pickPage)[0];
  if (!pick) throw new Error("no pick form");
  const picked = await post(pick, url, { account });
  expect(picked.status).toBe(303);
  const consentUrl = picked.location;
  const consentPage = (await get(consentUrl)).text;
  const consent = parseForms(consentPage)[0];
  if (!consent) throw new Error("no consent form");
  const decided = await post(consent, consentUrl, { decision });
  expect(decided.status).toBe(303);
  return { location: decided.location, verifier, pickPage, consentUrl, consentPage };
}

/** The "another user" field of a picker page, as its attributes. */
function anotherUserField(page: string): Record<string, string> {
  const tag = /<input id="another-user"[^>]*>/.exec(page)?.[0];
  if (!tag) throw new Error("no another-user field");
  return Object.fromEntries(
    [...tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].slice(1).map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
}

async function token(body: Record<string, string>, authorization?: string) {
  const response = await fetch(`${idp.origin}/huggingface/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

describe("Hugging Face stand-in: authorize", () => {
  it("renders the account picker and the consent page with plain forms", async () => {
    const { location, pickPage, consentPage } = await authorizeAs("ada", "allow");
    expect(pickPage).toContain("Sign in to Hugging Face");
    const pickButtons = parseForms(pickPage)[0]?.buttons.map((b) => b.text);
    expect(pickButtons).toEqual(["Ada Lovelace", "Grace Hopper", "linus"]);
    expect(consentPage).toContain("Authorize Logto (local) to access your profile and email");
    expect(parseForms(consentPage)[0]?.buttons.map((b) => b.text)).toEqual(["Deny", "Allow"]);
    expect(location.origin + location.pathname).toBe(`${idp.origin}/interaction/callback/huggingface`);
    expect(location.searchParams.get("state")).toBe("st-1");
    expect(location.searchParams.get("code")).toBeTruthy();
  });

  it("offers another user by name, with its rule stated next to the field", async () => {
    const { location, pickPage, consentPage } = await authorizeAs("new-user-7", "allow");
    const field = anotherUserField(pickPage);
    expect(field).toMatchObject({
      type: "text",
      name: "account",
      pattern: USERNAME_PATTERN,
      title: `Use ${USERNAME_RULE}`,
    });
    expect(field).toHaveProperty("required");
    expect(pickPage).toContain(`<label for="another-user">Another user</label>`);
    expect(pickPage).toContain(`<p id="another-user-rule" class="rule">${USERNAME_RULE}</p>`);
    expect(consentPage).toContain("@new-user-7");
    expect(location.searchParams.get("code")).toBeTruthy();
  });

  it("refuses a name Hugging Face would not have, says why, and keeps what was typed", async () => {
    for (const name of ["", "x", "Upper", "-dash", "a b", "../etc", "a".repeat(31), "<script>"]) {
      const { url } = authorizeUrl();
      const pick = parseForms(await (await fetch(url)).text())[1];
      if (!pick) throw new Error("no another-user form");
      const refused = await post(pick, url, { account: name });
      expect(refused.status, name).toBe(303);
      expect(refused.location.searchParams.get("account"), name).toBe(name);
      const again = await get(refused.location);
      expect(again.status, name).toBe(200);
      expect(again.text, name).toContain("Choose an account");
      expect(again.text, name).not.toContain('name="decision"');
      expect(anotherUserField(again.text), name).toMatchObject({ value: escapeHtml(name), "aria-invalid": "true" });
      expect(again.text, name).toContain(
        `<p id="another-user-rule" class="field-error" role="alert">${escapeHtml(refusedUsernameMessage(name))}</p>`,
      );
      expect(refusedUsernameMessage(name), name).toContain(USERNAME_RULE);
    }
  });

  it("answers every POST with 303, and each step's page can be loaded again afterwards", async () => {
    const { url } = authorizeUrl();
    const pickPage = await get(url);
    expect(pickPage.status).toBe(200);
    const [accounts, another] = parseForms(pickPage.text);
    if (!accounts || !another) throw new Error("no pick forms");

    // Picking a built-in account, typing one, typing a wrong one: each lands on a GET of the next (or same) step.
    for (const [form, account, next] of [
      [accounts, "grace", "Authorize Logto (local)"],
      [another, "new-user-8", "Authorize Logto (local)"],
      [another, "Not_Valid", "cannot be a Hugging Face username"],
    ] as const) {
      const answer = await post(form, url, { account });
      expect(answer.status, account).toBe(303);
      expect(answer.location.origin + answer.location.pathname).toBe(`${idp.origin}/huggingface/oauth/authorize`);
      for (let load = 0; load < 2; load++) {
        const page = await get(answer.location);
        expect(page.status, account).toBe(200);
        expect(page.text, account).toContain(next);
      }
    }

    // The consent step: no decision shows it again; Allow and Deny go to the client; the consent page still loads.
    const consentUrl = (await post(accounts, url, { account: "grace" })).location;
    const consent = parseForms((await get(consentUrl)).text)[0];
    if (!consent) throw new Error("no consent form");
    const undecided = await post(consent, consentUrl);
    expect(undecided.status).toBe(303);
    expect(undecided.location.href).toBe(consentUrl.href);
    for (const decision of ["allow", "deny"]) {
      const answer = await post(consent, consentUrl, { decision });
      expect(answer.status, decision).toBe(303);
      expect(answer.location.origin + answer.location.pathname).toBe(`${idp.origin}/interaction/callback/huggingface`);
      expect(answer.location.searchParams.get("state")).toBe("st-1");
      expect(answer.location.searchParams.get(decision === "allow" ? "code" : "error")).toBeTruthy();
      expect((await get(consentUrl)).text).toContain('name="decision"');
    }

    // A consent form whose account was tampered with goes back to the picker with the reason.
    const tampered = await post(consent, consentUrl, { account: "Nobody", decision: "allow" });
    expect(tampered.status).toBe(303);
    expect((await get(tampered.location)).text).toContain("cannot be a Hugging Face username");

    // Requests it refuses: to the client with an error, or to the error page (a GET).
    const badScope = await post(consent, consentUrl, { scope: "openid write-everything", decision: "allow" });
    expect(badScope.status).toBe(303);
    expect(badScope.location.searchParams.get("error")).toBe("invalid_scope");
    const unknownClient = await post(consent, consentUrl, { client_id: "nope", decision: "allow" });
    expect(unknownClient.status).toBe(303);
    const errorPage = await get(unknownClient.location);
    expect(errorPage.status).toBe(400);
    expect(errorPage.text).toContain("invalid_client");
  });

  it("redirects Deny as access_denied", async () => {
    const { location } = await authorizeAs("grace", "deny");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st-1");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("shows an error page for an unknown client or an unregistered redirect_uri", async () => {
    for (const overrides of [{ client_id: "nope" }, { redirect_uri: "http://localhost:1/cb" }] as Record<
      string,
      string
    >[]) {
      const response = await fetch(authorizeUrl(overrides).url, { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toMatch(/invalid_client|invalid_request/);
    }
  });

  it("redirects parameter errors to the client", async () => {
    const cases: [Record<string, string | null>, string][] = [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ state: null }, "invalid_request"],
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ scope: "openid write-everything" }, "invalid_scope"],
    ];
    for (const [overrides, error] of cases) {
      const response = await fetch(authorizeUrl(overrides).url, { redirect: "manual" });
      expect(response.status).toBe(302);
      expect(new URL(response.headers.get("location") ?? "").searchParams.get("error")).toBe(error);
    }
  });
});

describe("Hugging Face stand-in: token and userinfo", () => {
  it("requires HTTP Basic client authentication", async () => {
    const { location, verifier } = await authorizeAs("ada", "allow");
    const params = {
      grant_type: "authorization_code",
      code: location.searchParams.get("code") ?? "",
      redirect_uri: `${idp.origin}/interaction/callback/huggingface`,
      code_verifier: verifier,
    };
    const none = await token({ ...params, client_id: CLIENT_ID, client_secret: SECRET });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe("invalid_client");
    expect(none.headers.get("www-authenticate")).toMatch(/^Basic/);
    const wrong = await token(params, basic(CLIENT_ID, "wrong"));
    expect(wrong.status).toBe(401);
  });

  it("verifies PKCE and redirect_uri, and codes are single-use", async () => {
    const { location, verifier } = await authorizeAs("ada", "allow");
    const code = location.searchParams.get("code") ?? "";
    const redirectUri = `${idp.origin}/interaction/callback/huggingface`;
    const bad = await token(
      { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: "y".repeat(43) },
      basic(CLIENT_ID, SECRET),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_grant");
    // A failed attempt burns the code.
    const retry = await token(
      { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier },
      basic(CLIENT_ID, SECRET),
    );
    expect(retry.body.error).toBe("invalid_grant");

    const second = await authorizeAs("ada", "allow");
    const wrongRedirect = await token(
      {
        grant_type: "authorization_code",
        code: second.location.searchParams.get("code") ?? "",
        redirect_uri: "http://localhost:1/cb",
        code_verifier: second.verifier,
      },
      basic(CLIENT_ID, SECRET),
    );
    expect(wrongRedirect.body.error).toBe("invalid_grant");
  });

  it("issues a bearer token whose userinfo looks like Hugging Face's", async () => {
    const redirectUri = `${idp.origin}/interaction/callback/huggingface`;
    for (const [account, expected] of [
      [
        "ada",
        {
          name: "Ada Lovelace",
          preferred_username: "ada",
          picture: `${idp.origin}/huggingface/avatars/ada.svg`,
          email: "ada@example.com",
          email_verified: true,
          isPro: true,
          orgs: [
            {
              sub: "66b0a1c2d3e4f5a6b7c8d9e0",
              name: "Analytical Engines",
              preferred_username: "analytical-engines",
              picture: `${idp.origin}/huggingface/avatars/analytical-engines.svg`,
              isEnterprise: false,
              roleInOrg: "admin",
            },
            {
              sub: "66b0a1c2d3e4f5a6b7c8d9e1",
              name: "Poetical Science",
              preferred_username: "poetical-science",
              picture: `${idp.origin}/huggingface/avatars/poetical-science.svg`,
              isEnterprise: false,
              roleInOrg: "read",
            },
          ],
        },
      ],
      ["linus", { preferred_username: "linus", email: "linus@example.com", isPro: false, orgs: [] }],
    ] as const) {
      const { location, verifier } = await authorizeAs(account, "allow");
      const issued = await token(
        {
          grant_type: "authorization_code",
          code: location.searchParams.get("code") ?? "",
          redirect_uri: redirectUri,
          code_verifier: verifier,
        },
        basic(CLIENT_ID, SECRET),
      );
      expect(issued.status).toBe(200);
      expect(issued.body).toMatchObject({ token_type: "bearer", scope: "openid profile email" });
      expect(issued.body.expires_in).toBeTypeOf("number");

      const info = await fetch(`${idp.origin}/huggingface/oauth/userinfo`, {
        headers: { authorization: `Bearer ${String(issued.body.access_token)}` },
      });
      expect(info.status).toBe(200);
      const body = (await info.json()) as Record<string, unknown>;
      expect(body).toMatchObject(expected);
      expect(body.sub).toMatch(/^[0-9a-f]{24}$/);
      if (account === "linus") {
        expect(body).not.toHaveProperty("name");
        expect(body).not.toHaveProperty("picture");
      }
    }

    const anonymous = await fetch(`${idp.origin}/huggingface/oauth/userinfo`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("invalid_token");
  });

  it("serves avatars as SVG", async () => {
    const ada = await fetch(`${idp.origin}/huggingface/avatars/ada.svg`);
    expect(ada.status).toBe(200);
    expect(ada.headers.get("content-type")).toBe("image/svg+xml");
    expect(await ada.text()).toContain("<svg");
    expect((await fetch(`${idp.origin}/huggingface/avatars/linus.svg`)).status).toBe(404);
    expect(await (await fetch(`${idp.origin}/huggingface/avatars/new-user-7.svg`)).text()).toContain("<svg");
    expect((await fetch(`${idp.origin}/huggingface/avatars/Not_A_User.svg`)).status).toBe(404);
  });
});

describe("Hugging Face leg failures", () => {
  it("turns a failed code exchange into an OAuth error at the app", async () => {
    // Reserve a port so the IdP can point its Hugging Face client at its own stand-in with a bad secret.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const broken = await startTestIdp([APP_A, APP_B], {
      port,
      huggingface: {
        baseUrl: `http://localhost:${port}/huggingface`,
        clientId: CLIENT_ID,
        clientSecret: "wrong-secret",
      },
    });
    try {
      const request = authorizationRequest(broken, APP_A, { direct_sign_in: "social:huggingface" });
      const { callbackUrl } = await signInThroughStandIn(request.url);
      expect(callbackUrl.origin + callbackUrl.pathname).toBe(APP_A.redirectUris[0]);
      expect(callbackUrl.searchParams.get("error")).toBe("server_error");
      expect(callbackUrl.searchParams.get("error_description")).toMatch(/Hugging Face token exchange failed/);
      expect(callbackUrl.searchParams.get("state")).toBe(request.state);
    } finally {
      await broken.stop();
    }
  });
});
