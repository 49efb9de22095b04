import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { remixAppUrl } from "~/env";
import "./globals.css";

export const metadata: Metadata = {
  title: "Web (Next.js) · Logto SSO",
  description: "One sign-in through Logto with Hugging Face, shared with the Remix app.",
  icons: { icon: "data:," },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <strong>Web · Next.js</strong>
          <Link href="/">Home</Link>
          <Link href="/protected">Protected page</Link>
          <Link href="/account">Account</Link>
          <a href={remixAppUrl} data-testid="other-app-link">
            Open the Remix app →
          </a>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
