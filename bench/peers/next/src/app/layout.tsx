import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "Peer (Next.js + @logto/next) · Logto SSO",
  description: "Benchmark peer: the web app's pages, protected with Logto's official Next.js SDK.",
  icons: { icon: "data:," },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <strong>Peer · Next.js (@logto/next)</strong>
          <Link href="/">Home</Link>
          <Link href="/protected">Protected page</Link>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
