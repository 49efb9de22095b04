import { clearCookie, readCookies } from "../core/cookies.js";

/** How many sign-ins may be pending at once in one browser (tabs), each with its own state cookie. */
const MAX_PENDING_SIGN_INS = 3;
/** How long a pending sign-in's state cookie lives, in seconds. */
const STATE_MAX_AGE = 600;

/**
 * The state cookies of remix-auth-oauth2: one `<name>:<uuid>` cookie per sign-in started, holding its `state` and
 * PKCE verifier. Left alone they pile up until the Cookie header outgrows what servers accept (431); so the one a
 * callback used is cleared there, and starting a sign-in clears all but the newest few.
 */
export class OAuthStateCookies {
  constructor(
    readonly name: string,
    private readonly secure: boolean,
  ) {}

  /** The strategy's `cookie` option. */
  get options() {
    return {
      name: this.name,
      path: "/",
      httpOnly: true as const,
      sameSite: "Lax" as const,
      maxAge: STATE_MAX_AGE,
      ...(this.secure ? { secure: true as const } : {}),
    };
  }

  /** `response` (a redirect that starts a sign-in) clearing the request's oldest state cookies beyond the limit. */
  bound(request: Request, response: Response): Response {
    const pending = this.cookies(request);
    for (const { name } of pending.slice(0, Math.max(0, pending.length - (MAX_PENDING_SIGN_INS - 1)))) {
      response.headers.append("Set-Cookie", this.clear(name));
    }
    return response;
  }

  /** The `Set-Cookie` values that clear the state cookie of the sign-in this callback answers. */
  clearUsed(request: Request): string[] {
    const state = new URL(request.url).searchParams.get("state");
    if (!state) return [];
    return this.cookies(request)
      .filter(({ value }) => new URLSearchParams(value).has(state))
      .map(({ name }) => this.clear(name));
  }

  /** The request's state cookies, oldest first (browsers send older cookies of one path first). */
  private cookies(request: Request): { name: string; value: string }[] {
    return Object.entries(readCookies(request.headers.get("cookie")))
      .filter((entry): entry is [string, string] => entry[0].startsWith(`${this.name}:`) && entry[1] !== undefined)
      .map(([name, value]) => ({ name, value }));
  }

  private clear(name: string): string {
    return clearCookie(name, this.secure);
  }
}
