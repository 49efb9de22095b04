import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { logto } from "~/auth.server";
import { webAppUrl } from "~/env.server";
import styles from "~/styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [
  { title: "Remix · Logto SSO" },
  { name: "description", content: "One sign-in through Logto with Hugging Face, shared with the Next.js app." },
];

/**
 * Runs for every page: keeps the session valid (revocation, refresh) and, on an anonymous page navigation,
 * tries a silent sign-in through Logto's session.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers } = await logto.handleRequest(request);
  return data({ user, webAppUrl }, { headers });
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <header>
          <strong>Remix</strong>
          <Link to="/">Home</Link>
          <Link to="/protected">Protected page</Link>
          <Link to="/account">Account</Link>
          {data ? (
            <a href={data.webAppUrl} data-testid="other-app-link">
              Open the Next.js app →
            </a>
          ) : null}
        </header>
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
