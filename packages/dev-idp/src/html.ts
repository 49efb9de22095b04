/** Small, self-contained HTML helpers shared by every page the IdP and the stand-in render. */
import type { AppLink } from "./app-links.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Escapes a value for use in HTML text and in double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

/** A pre-escaped HTML fragment (so callers can compose fragments without double escaping). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Tagged template: interpolated values are escaped unless they are SafeHtml (or arrays of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(value);
}

const STYLE = `
:root{color-scheme:light dark;--bg:#f5f6f8;--card:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--accent:#5d34f2;
  --accent-fg:#fff;--danger:#cf222e}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#9198a1;--border:#30363d;
  --accent:#8b6cff;--accent-fg:#fff;--danger:#f85149}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:var(--bg);
  color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  padding:24px}
main{width:100%;max-width:400px;background:var(--card);border:1px solid var(--border);border-radius:12px;
  padding:32px 28px;box-shadow:0 8px 24px rgba(0,0,0,.06)}
h1{font-size:1.3rem;margin:0 0 8px;line-height:1.3}
p{margin:0 0 16px;color:var(--muted)}
.brand{display:flex;align-items:center;gap:6px;font-size:.8rem;letter-spacing:.04em;text-transform:uppercase;
  color:var(--muted);margin-bottom:16px}
.brand svg{flex:none}
.btn{display:flex;align-items:center;justify-content:center;gap:10px;width:100%;padding:10px 14px;margin:0 0 10px;
  border-radius:8px;border:1px solid var(--border);background:var(--card);color:var(--fg);font:inherit;font-weight:600;
  text-decoration:none;cursor:pointer}
.btn:hover{border-color:var(--accent)}
.btn.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
.btn img{width:28px;height:28px;border-radius:50%}
.row{display:flex;gap:10px}.row .btn{flex:1}
.muted{color:var(--muted);font-size:.85rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
.error-code{display:inline-block;padding:2px 8px;border-radius:6px;background:rgba(207,34,46,.1);color:var(--danger);
  font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin-bottom:12px}
a{color:var(--accent)}
.field{margin:8px 0 16px}
.field label{display:block;font-weight:600;margin:0 0 6px}
.field .row{align-items:stretch}
.field .row .btn{flex:0 0 auto;width:auto;margin:0}
.field input{flex:1;min-width:0;padding:10px 12px;border-radius:8px;border:1px solid var(--border);
  background:var(--card);color:var(--fg);font:inherit}
.field input:focus{outline:2px solid var(--accent);outline-offset:1px;border-color:var(--accent)}
.field input[aria-invalid=true]{border-color:var(--danger)}
.field .rule{margin:6px 0 0;font-size:.85rem}
.field .field-error{margin:6px 0 0;font-size:.85rem;color:var(--danger)}
.apps{margin-top:8px}
`;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** The line above the card's title: text, or markup such as a mark and a name. */
  brand?: string | SafeHtml;
  head?: SafeHtml;
}

/** A complete HTML document with a centered card. */
export function page({ title, body, brand = "Logto (local)", head }: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${head?.value ?? ""}
</head>
<body>
<main>
<div class="brand">${render(brand)}</div>
${body.value}
</main>
</body>
</html>
`;
}

export interface ErrorPageOptions {
  title?: string;
  /** The OAuth error code, shown for whoever has to debug it. */
  error: string;
  /** What happened, in plain words. */
  description?: string;
  /** The technical reason, for whoever has to debug it. */
  details?: string;
  brand?: string | SafeHtml;
  /** What to do next; `false` for none. */
  hint?: string | false;
  /** The applications' home pages, offered as a way back. */
  links?: readonly AppLink[];
}

/** A readable error page: title, OAuth error code and description, a way back to the apps, never a stack trace. */
export function errorPage(opts: ErrorPageOptions): string {
  const links = opts.links ?? [];
  const hint =
    opts.hint ??
    (links.length > 0
      ? "Go back to the application and sign in again from there:"
      : "You can close this page and start the sign-in again from the application.");
  return page({
    title: opts.title ?? "Something went wrong",
    brand: opts.brand,
    body: html`<h1>${opts.title ?? "Something went wrong"}</h1>
<div class="error-code">${opts.error}</div>
${opts.description ? html`<p>${opts.description}</p>` : ""}
${opts.details ? html`<p class="muted">Details: ${opts.details}</p>` : ""}
${hint ? html`<p class="muted">${hint}</p>` : ""}
${
  links.length > 0
    ? html`<nav class="apps" aria-label="Applications">${links.map(
        (link) => html`<a class="btn" href="${link.href}">Back to ${link.name}</a>`,
      )}</nav>`
    : ""
}`,
  });
}
