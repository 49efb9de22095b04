import { type BrowserContext, request } from "@playwright/test";
import { urls } from "./servers";

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** One server instance of an app, and the public URL it serves under (the first instance's). */
export interface Instance {
  name: string;
  url: string;
  publicUrl: string;
}

/** Every instance the suite runs: two of each app behind one public URL, as behind a load balancer. */
export const instances: Record<"web" | "web2" | "remix" | "remix2", Instance> = {
  web: { name: "web", url: urls.web, publicUrl: urls.web },
  web2: { name: "web2", url: urls.web2, publicUrl: urls.web },
  remix: { name: "remix", url: urls.remix, publicUrl: urls.remix },
  remix2: { name: "remix2", url: urls.remix2, publicUrl: urls.remix },
};

/**
 * A browser's cookies, sent to one chosen instance at a time as a load balancer would: redirects to the app's public
 * URL stay on that instance, redirects elsewhere (the IdP) are not followed. The cookies a signed-in answer sets (a
 * refreshed session) are kept for the next request; those of a signed-out answer are not, so that a session one
 * instance ended can still be shown to the others.
 */
export class SessionReplay {
  private constructor(private state: StorageState) {}

  static async of(context: BrowserContext): Promise<SessionReplay> {
    return new SessionReplay(await context.storageState());
  }

  /** Gives the browser these cookies back, e.g. after a replayed request refreshed the session. */
  async applyTo(context: BrowserContext): Promise<void> {
    await context.addCookies(this.state.cookies);
  }

  /** A replay starting from the same cookies, going on on its own. */
  copy(): SessionReplay {
    return new SessionReplay(structuredClone(this.state));
  }

  /** Whether `instance` itself renders `path` signed in with these cookies. */
  async signedInOn(instance: Instance, path = "/"): Promise<boolean> {
    return (await this.view(instance, path)).includes('data-testid="signed-in"');
  }

  /**
   * What `/account` on `instance` shows of the session: when its access token expires, and whether Logto accepts
   * it.
   */
  async account(instance: Instance): Promise<{ accessTokenExpiresAt: number; userinfo: string } | null> {
    const html = await this.view(instance, "/account");
    const expiresAt = /data-testid="access-token-expires-at" data-epoch="(\d+)"/.exec(html)?.[1];
    const userinfo = /data-testid="userinfo-status"[^>]*>([^<]*)</.exec(html)?.[1];
    return expiresAt && userinfo ? { accessTokenExpiresAt: Number(expiresAt), userinfo } : null;
  }

  /**
   * The page `instance` renders at `path`, after its redirects within the app; empty when it sends the browser
   * away.
   */
  private async view(instance: Instance, path: string): Promise<string> {
    const context = await request.newContext({ storageState: this.state });
    try {
      let url = new URL(path, instance.url);
      for (let hop = 0; hop < 5; hop++) {
        const response = await context.get(url.href, { maxRedirects: 0, headers: { accept: "text/html" } });
        if (response.status() === 200) {
          const html = await response.text();
          if (html.includes('data-testid="signed-in"') || html.includes('data-testid="account"'))
            this.state = await context.storageState();
          return html;
        }
        const location = response.headers().location;
        if (!location) return "";
        const next = new URL(location, url);
        if (next.origin !== instance.url && next.origin !== instance.publicUrl) return "";
        url = new URL(next.pathname + next.search, instance.url);
      }
      return "";
    } finally {
      await context.dispose();
    }
  }
}

/** The IdP's refresh-token exchanges for one app (Logto's audit log, newest first), with their IDs. */
export async function refreshExchanges(
  clientId: string,
): Promise<{ id: string; payload: { result: string; sid?: string; error?: { error: string } } }[]> {
  const response = await fetch(`${urls.idp}/api/logs?logKey=ExchangeTokenBy.RefreshToken&applicationId=${clientId}`);
  return (await response.json()) as Awaited<ReturnType<typeof refreshExchanges>>;
}
