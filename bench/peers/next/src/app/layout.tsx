import { AppHeader } from "@logto-hf/ui";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "@logto-hf/ui/styles.css";

export const metadata: Metadata = {
  title: "Peer (Next.js + @logto/next) · Logto SSO",
  description: "Benchmark peer: the web app's pages, protected with Logto's official Next.js SDK.",
  icons: { icon: "data:," },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AppHeader
          name="Peer · Next.js"
          framework="@logto/next"
          nav={
            <>
              <Link href="/">Home</Link>
              <Link href="/protected">Protected page</Link>
            </>
          }
        />
        <main>{children}</main>
      </body>
    </html>
  );
}
