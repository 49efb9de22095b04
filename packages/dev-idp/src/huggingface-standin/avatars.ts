/** The stand-in's profile pictures: an SVG with the account's initials on a colour derived from its username. */
import type { ServerResponse } from "node:http";

import { escapeHtml } from "../html.js";
import { findStandInAccount, type StandInAccount } from "./accounts.js";

/** Where the stand-in serves the picture of `username`, under its base URL. */
export function avatarUrl(baseUrl: string, username: string): string {
  return `${baseUrl}/avatars/${encodeURIComponent(username)}.svg`;
}

/** Answers a request for `<username>.svg`: the picture, or 404 for an account without one. */
export function sendAvatar(res: ServerResponse, file: string): void {
  const username = file.endsWith(".svg") ? file.slice(0, -4) : "";
  const account = findStandInAccount(username);
  if (!account?.hasAvatar) {
    res.statusCode = 404;
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.end("Not found");
    return;
  }
  res.statusCode = 200;
  res.setHeader("content-type", "image/svg+xml");
  res.setHeader("cache-control", "public, max-age=3600");
  res.end(avatarSvg(account));
}

function avatarSvg(account: StandInAccount): string {
  const hue = [...account.username].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const initials = (account.fullname ?? account.username)
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img"
aria-label="${escapeHtml(account.username)}">
<rect width="128" height="128" rx="64" fill="hsl(${hue} 65% 50%)"/>
<text x="64" y="64" dy=".35em" text-anchor="middle" font-family="system-ui,sans-serif" font-size="52" font-weight="600"
fill="#fff">${escapeHtml(initials)}</text>
</svg>`;
}
