import { AppError, AppHeader, NotFound } from "@logto-hf/ui";
import uiStyles from "@logto-hf/ui/styles.css?url";
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { logto } from "~/auth.server";
import { webAppUrl } from "~/env.server";
import { pageTitle } from "~/meta";
import styles from "~/styles.css?url";

/** The app's mark: its favicon and the logo in the header. */
const mark = "/favicon.svg";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: uiStyles },
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: mark, type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { name: "description", content: "One sign-in through Logto with Hugging Face, shared with the Next.js app." },
];

/**
 * Runs for every page: keeps the session valid (revocation, refresh) and, on an anonymous page navigation,
 * tries a silent sign-in through Logto's session.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, origin, headers, sessionEnded } = await logto.handleRequest(request);
  return data({ user, origin, webAppUrl, sessionEnded }, { headers });
}

export function Layout({ children }: { children: ReactNode }) {
  const loaded = useRouteLoaderData<typeof loader>("root");
  const title = pageTitle(useMatches().at(-1), useRouteError());
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <AppHeader
          mark={<img src={mark} alt="" width={40} height={40} />}
          name="Remix app"
          framework="Remix · remix-auth"
          nav={
            <>
              <Link to="/">Home</Link>
              <Link to="/protected">Protected page</Link>
              <Link to="/account">Account</Link>
              <Link to="/huggingface">Hugging Face</Link>
              <Link to="/api-demo">API</Link>
            </>
          }
          otherApp={loaded ? { href: loaded.webAppUrl, name: "Next.js app" } : undefined}
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

/** A thrown 404 (or any error) renders inside the layout, with the header and the way home. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  return <AppError status={isRouteErrorResponse(error) ? error.status : undefined} />;
}
