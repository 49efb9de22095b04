import { createServer, type Server } from "node:http";

/** The origins of the floor: one stands for an app, the other for the IdP. */
export interface FloorPorts {
  app: number;
  idp: number;
}

const PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><p data-testid="floor">Floor</p></body></html>';

/**
 * The protocol floor of a zero-click return visit: the same three redirects as our apps' (the page → the IdP's
 * authorization endpoint → the app's callback → the page) and a small static page, with no work at any step.
 * Both origins are ports of `localhost` listening on 127.0.0.1, as web, remix and apps/idp are in `pnpm bench`:
 * cross-origin but same-site, reached by the same host name, so that the browser resolves, connects and applies its
 * cookie and site rules to each hop as it does to the apps' (`127.0.0.1` for the IdP would make it another site).
 */
export async function startFloor(ports: FloorPorts): Promise<{ url: string; stop(): Promise<void> }> {
  const app = `http://localhost:${ports.app}`;
  const idp = `http://localhost:${ports.idp}`;
  const redirect = (status: number, location: string) => ({
    status,
    headers: { location, "content-length": "0", "cache-control": "no-store" },
  });
  const routes: Record<string, Record<string, { status: number; headers: Record<string, string>; body?: string }>> = {
    app: {
      "/start": redirect(302, `${idp}/auth`),
      "/callback": redirect(302, `${app}/page`),
      "/page": {
        status: 200,
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-length": String(Buffer.byteLength(PAGE)),
          "cache-control": "no-store",
        },
        body: PAGE,
      },
    },
    // 303, as Logto answers a prompt=none authorization request.
    idp: { "/auth": redirect(303, `${app}/callback`) },
  };
  const listen = (name: "app" | "idp", port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer((request, response) => {
        const route = routes[name]?.[new URL(request.url ?? "/", "http://localhost").pathname];
        if (!route) {
          response.writeHead(404, { "content-length": "0" }).end();
          return;
        }
        response.writeHead(route.status, route.headers).end(route.body);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve(server);
      });
    });
  const servers: Server[] = [];
  try {
    servers.push(await listen("app", ports.app), await listen("idp", ports.idp));
  } catch (error) {
    for (const server of servers) server.close();
    throw error;
  }
  return {
    url: `${app}/start`,
    async stop() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
