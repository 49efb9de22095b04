import { createServer, type IncomingMessage, request, type Server } from "node:http";
import { decodeJwt, importJWK, type JWK, SignJWT, UnsecuredJWT } from "jose";

/**
 * What the gateway in front of the issuer does with the ID token the apps receive.
 * - `pass`: nothing (the control case).
 * - `rogue`: every request but the JWKS goes to a second IdP with the same issuer string and keys of its own,
 *   so the apps get a genuine ID token from the wrong signer while they fetch the real issuer's keys.
 * - `claims`: the real token's claims, changed, re-signed with the real issuer's key.
 * - `none`: the real token's claims with `alg: none` and no signature.
 * - `hmac`: the real token's claims signed with HS256 and the client secret (the algorithm-confusion attack).
 * - `huggingface-fails`: the Hugging Face token endpoint answers with this status and body (the real IdP reaches
 *   Hugging Face through the gateway too).
 */
export type GatewayMode =
  | { kind: "pass" }
  | { kind: "rogue" }
  | { kind: "claims"; change: (claims: Record<string, unknown>) => Record<string, unknown> }
  | { kind: "none" }
  | { kind: "hmac"; secret: string }
  | { kind: "huggingface-fails"; status: number; body: string };

export interface IssuerGateway {
  mode: GatewayMode;
  /** ID tokens the gateway forged or let through from the rogue IdP since the last reset. */
  forged: number;
  close(): Promise<void>;
}

/**
 * A reverse proxy on the issuer's public port, in front of the real IdP and a rogue one, and in front of the
 * real IdP's Hugging Face stand-in. It stands where a network
 * attacker or a compromised token endpoint would: the apps must refuse every ID token it forges.
 */
export async function startIssuerGateway(options: {
  port: number;
  realPort: number;
  roguePort: number;
  /** The real IdP's private signing key (its `jwks.json`). */
  realKey: JWK;
}): Promise<IssuerGateway> {
  const realKey = await importJWK(options.realKey, "ES384");
  const gateway: IssuerGateway = { mode: { kind: "pass" }, forged: 0, close: async () => {} };

  const forge = async (idToken: string): Promise<string> => {
    const mode = gateway.mode;
    const claims = decodeJwt(idToken) as Record<string, unknown>;
    switch (mode.kind) {
      case "claims":
        return new SignJWT(mode.change(claims))
          .setProtectedHeader({ alg: "ES384", kid: options.realKey.kid! })
          .sign(realKey);
      case "none":
        return new UnsecuredJWT(claims).encode();
      case "hmac":
        return new SignJWT(claims)
          .setProtectedHeader({ alg: "HS256", kid: options.realKey.kid! })
          .sign(new TextEncoder().encode(mode.secret));
      default:
        return idToken;
    }
  };

  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? "/";
    const mode = gateway.mode;
    if (mode.kind === "huggingface-fails" && path.startsWith("/huggingface/oauth/token")) {
      incoming.resume();
      outgoing.writeHead(mode.status, { "content-type": "application/json" });
      outgoing.end(mode.body);
      return;
    }
    const toRogue = mode.kind === "rogue" && !path.startsWith("/oidc/jwks");
    const rewritesToken =
      (mode.kind === "claims" || mode.kind === "none" || mode.kind === "hmac") && path.startsWith("/oidc/token");
    const upstream = request(
      {
        host: "127.0.0.1",
        port: toRogue ? options.roguePort : options.realPort,
        method: incoming.method,
        path,
        headers: incoming.headers,
      },
      (answer: IncomingMessage) => {
        if (!rewritesToken && !(toRogue && path.startsWith("/oidc/token"))) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", async () => {
          let body = Buffer.concat(chunks);
          const json = JSON.parse(body.toString("utf8")) as { id_token?: string };
          if (typeof json.id_token === "string") {
            gateway.forged += 1;
            json.id_token = await forge(json.id_token);
            body = Buffer.from(JSON.stringify(json));
          }
          outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, "content-length": String(body.length) });
          outgoing.end(body);
        });
      },
    );
    upstream.on("error", () => {
      outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  gateway.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gateway;
}
