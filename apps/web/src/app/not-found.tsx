import { NotFound } from "@logto-hf/ui";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Page not found" };

/** Any address with no page: the app's own layout, with the way home. */
export default function NotFoundPage() {
  return <NotFound />;
}
