/**
 * Reads the forms and links of an HTML page, enough to submit the IdP's and the stand-in's pages without
 * JavaScript.
 */

/** A form as a browser would submit it: its target, its hidden fields and its buttons. */
export interface HtmlForm {
  action: string;
  method: string;
  id?: string;
  hidden: [string, string][];
  buttons: { name?: string; value?: string; text: string; form?: string }[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1]?.toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[entity.toLowerCase()] ?? m;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const body = tag.replace(/^<\s*[a-z]+/i, "").replace(/\/?>$/, "");
  for (const m of body.matchAll(re)) {
    const name = m[1]?.toLowerCase();
    if (name) out[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

function stripTags(markup: string): string {
  return decodeEntities(markup.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/** Parses the forms of a page, including buttons placed outside a form with `form="id"`. */
export function parseForms(markup: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of markup.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1] ?? "");
    const inner = m[2] ?? "";
    const form: HtmlForm = {
      action: attrs.action ?? "",
      method: (attrs.method ?? "get").toUpperCase(),
      ...(attrs.id ? { id: attrs.id } : {}),
      hidden: [],
      buttons: [],
    };
    for (const input of inner.matchAll(/<input\b[^>]*>/gi)) {
      const a = attributes(input[0]);
      if ((a.type ?? "text").toLowerCase() === "hidden" && a.name) form.hidden.push([a.name, a.value ?? ""]);
    }
    for (const button of inner.matchAll(/(<button\b[^>]*>)([\s\S]*?)<\/button>/gi)) {
      const a = attributes(button[1] ?? "");
      form.buttons.push({
        ...(a.name ? { name: a.name } : {}),
        ...(a.value !== undefined ? { value: a.value } : {}),
        text: stripTags(button[2] ?? ""),
      });
    }
    forms.push(form);
  }
  // Buttons associated by the `form` attribute (e.g. oidc-provider's logout page).
  for (const button of markup.matchAll(/(<button\b[^>]*\bform\s*=[^>]*>)([\s\S]*?)<\/button>/gi)) {
    const a = attributes(button[1] ?? "");
    const form = forms.find((f) => f.id === a.form);
    if (form) {
      form.buttons.push({
        ...(a.name ? { name: a.name } : {}),
        ...(a.value !== undefined ? { value: a.value } : {}),
        text: stripTags(button[2] ?? ""),
        form: a.form ?? "",
      });
    }
  }
  return forms;
}

/** The `href` of the first link whose text is `text`. */
export function findLink(markup: string, text: string): string | undefined {
  for (const m of markup.matchAll(/(<a\b[^>]*>)([\s\S]*?)<\/a>/gi)) {
    if (stripTags(m[2] ?? "") === text) return attributes(m[1] ?? "").href;
  }
  return undefined;
}
