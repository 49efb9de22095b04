import { type LogtoIssuerMetadata, REQUEST_TIMEOUT_MS } from "./discovery.js";

/** What userinfo answered: the claims, or why there are none (`status` 0 when Logto did not answer). */
export type UserinfoResult =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; status: number; error: string };

/** Calls Logto's userinfo endpoint with an access token. Never throws. */
export async function fetchUserinfo(metadata: LogtoIssuerMetadata, accessToken: string): Promise<UserinfoResult> {
  if (!metadata.userinfo_endpoint) return { ok: false, status: 0, error: "no userinfo_endpoint" };
  try {
    const response = await fetch(metadata.userinfo_endpoint, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel();
      const error = response.headers.get("www-authenticate") ?? `HTTP ${response.status}`;
      return { ok: false, status: response.status, error };
    }
    return { ok: true, claims: (await response.json()) as Record<string, unknown> };
  } catch (cause) {
    return { ok: false, status: 0, error: (cause as Error).message };
  }
}
