import type { ReactNode } from "react";

export interface AppHeaderProps {
  /** The app's logo (an `<img>` or inline SVG), decorative next to its name. */
  mark?: ReactNode;
  /** The app's name, shown prominently: "Web app". */
  name: string;
  /** What it is built with, under the name: "Next.js · Auth.js". */
  framework: string;
  /** The app's own links (its framework's `<Link>`s). */
  nav: ReactNode;
  /**
   * The other app of the demo, "Remix app": a link (`data-testid="other-app-link"`) that reads
   * "Open the Remix app →".
   */
  otherApp?: { href: string; name: string } | undefined;
}

/** The header of every page: which app this is, its pages, and the way to the other app. */
export function AppHeader({ mark, name, framework, nav, otherApp }: AppHeaderProps) {
  return (
    <header className="site-header">
      <div className="brand">
        {mark ? <span className="brand-mark">{mark}</span> : null}
        <span className="brand-text">
          <span className="brand-name">{name}</span>
          <span className="brand-framework">{framework}</span>
        </span>
      </div>
      <nav className="site-nav" aria-label="Pages">
        {nav}
      </nav>
      {otherApp ? (
        <a className="other-app" href={otherApp.href} data-testid="other-app-link">
          <span className="other-app-verb">Open the </span>
          {otherApp.name}
          <span aria-hidden="true"> →</span>
        </a>
      ) : null}
    </header>
  );
}
