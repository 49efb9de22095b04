import { AppHeader } from "@logto-hf/ui";
import type { Metadata } from "next";
import Image, { type StaticImageData } from "next/image";
import Link from "next/link";
import type { ReactNode } from "react";
import markSvg from "~/brand/mark.svg";
import { remixAppUrl } from "~/env";
import "@logto-hf/ui/styles.css";
import "./globals.css";

const mark: StaticImageData = markSvg;

// The header links to the other app at the URL of this server's environment, not the build's: every page renders on
// request.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Web app (Next.js) · Logto SSO demo", template: "%s · Web app (Next.js) · Logto SSO demo" },
  description: "One sign-in through Logto with Hugging Face, shared with the Remix app.",
  // A static asset under /_next/static: the browser fetches it without a trip through the proxy.
  icons: { icon: { url: mark.src, type: "image/svg+xml" } },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AppHeader
          mark={<Image src={mark} alt="" width={40} height={40} priority />}
          name="Web app"
          framework="Next.js · Auth.js"
          nav={
            <>
              {/* No prefetch, like the Remix app's links: these pages are dynamic, so a prefetch renders them on the
                  server for nothing. */}
              <Link href="/" prefetch={false}>
                Home
              </Link>
              <Link href="/protected" prefetch={false}>
                Protected page
              </Link>
              <Link href="/account" prefetch={false}>
                Account
              </Link>
              <Link href="/huggingface" prefetch={false}>
                Hugging Face
              </Link>
              <Link href="/api-demo" prefetch={false}>
                API
              </Link>
            </>
          }
          otherApp={{ href: remixAppUrl, name: "Remix app" }}
        />
        <main>{children}</main>
      </body>
    </html>
  );
}
