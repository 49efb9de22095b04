import { AppHeader } from "@logto-hf/ui";
import styles from "@logto-hf/ui/styles.css?url";
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import type { ReactNode } from "react";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [
  { title: "Remix peer · @logto/remix" },
  { name: "description", content: "Benchmark peer: Logto's official Remix SDK against the same IdP." },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <AppHeader
          name="Peer · Remix"
          framework="@logto/remix"
          nav={
            <>
              <Link to="/">Home</Link>
              <Link to="/protected">Protected page</Link>
            </>
          }
        />
        <main>{children}</main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}
