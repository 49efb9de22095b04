import { SignInUnavailable } from "@logto-hf/ui";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sign-in unavailable" };

/** Shown when Logto does not answer a sign-in (the package serves it with 503). */
export default function SignInUnavailablePage() {
  return <SignInUnavailable />;
}
