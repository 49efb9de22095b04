import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Why an app server must refuse `request` before its framework sees it, or `undefined`: a target that is not a path
 * (`OPTIONS *`, absolute-form), a path with an invalid percent-escape, a `Host` (or `X-Forwarded-Host`) that is not
 * a valid host. Next.js and Remix's Express adapter answer these with a 500, or a redirect to the target's host.
 */
export function malformedRequest(request: Pick<IncomingMessage, "url" | "headers">): string | undefined;

/**
 * To call first for each request of an app server: answers a {@link malformedRequest} with 400 (and closes the
 * connection), and has the rest of a body that the app leaves unread dropped once the answer is sent.
 * @returns whether the request goes on to the app.
 */
export function guardRequest(request: IncomingMessage, response: ServerResponse): boolean;
