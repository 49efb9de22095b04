// The demo's /huggingface page, on the server: the Hub called as the user with the token Logto holds for them.

const HUB_TIMEOUT_MS = 5_000;

/** @type {typeof import("./hugging-face.js").loadHuggingFacePage} */
export const loadHuggingFacePage = async (hubUrl, getToken) => {
  let token;
  try {
    token = await getToken();
  } catch (error) {
    if (!isThirdPartyTokenError(error)) throw error;
    return { status: "no_token", code: error.code, message: error.message, needsReconnect: error.needsReconnect };
  }
  const headers = { authorization: `Bearer ${token.accessToken}`, accept: "application/json" };
  try {
    const whoami = await hubGet(`${hubUrl}/api/whoami-v2`, headers);
    if ("error" in whoami) return whoami.error;
    const me = /** @type {Record<string, any>} */ (whoami.body);
    const models = await hubGet(`${hubUrl}/api/models?author=${encodeURIComponent(String(me.name))}`, headers);
    if ("error" in models) return models.error;
    return {
      status: "ok",
      user: {
        name: String(me.name),
        fullname: String(me.fullname ?? me.name),
        avatarUrl: String(me.avatarUrl ?? ""),
        isPro: me.isPro === true,
      },
      orgs: (Array.isArray(me.orgs) ? me.orgs : []).map((/** @type {Record<string, any>} */ org) => ({
        name: String(org.name),
        fullname: String(org.fullname ?? org.name),
        roleInOrg: String(org.roleInOrg ?? ""),
      })),
      models: (Array.isArray(models.body) ? models.body : []).map((/** @type {Record<string, any>} */ model) => ({
        id: String(model.id),
        private: model.private === true,
        pipelineTag: typeof model.pipeline_tag === "string" ? model.pipeline_tag : null,
        downloads: Number(model.downloads ?? 0),
        likes: Number(model.likes ?? 0),
      })),
      token: {
        scopes: [...token.scopes],
        expiresAt: token.expiresAt ?? null,
        role: typeof me.auth?.accessToken?.role === "string" ? me.auth.accessToken.role : null,
      },
    };
  } catch (error) {
    return {
      status: "hub_error",
      httpStatus: 0,
      message: `Hugging Face at ${hubUrl} did not answer (${/** @type {Error} */ (error).message}).`,
    };
  }
};

/**
 * @param {string} url
 * @param {Record<string, string>} headers
 * @returns {Promise<{ body: unknown } | { error: import("./hugging-face.js").HuggingFacePageData }>}
 */
const hubGet = async (url, headers) => {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(HUB_TIMEOUT_MS), redirect: "manual" });
  const body = /** @type {unknown} */ (await response.json().catch(() => null));
  if (response.ok) return { body };
  const said = body && typeof body === "object" && "error" in body ? `: ${String(body.error)}` : "";
  return {
    error: {
      status: "hub_error",
      httpStatus: response.status,
      message: `Hugging Face answered ${response.status} to ${new URL(url).pathname}${said}.`,
    },
  };
};

/**
 * The package's `ThirdPartyTokenError`, recognised by its stable code (this package does not depend on it).
 *
 * @param {unknown} error
 * @returns {error is Error & { code: string; needsReconnect: boolean }}
 */
const isThirdPartyTokenError = (error) =>
  error instanceof Error &&
  typeof (/** @type {{ code?: unknown }} */ (error).code) === "string" &&
  String(/** @type {{ code?: unknown }} */ (error).code).startsWith("third_party_token.");
