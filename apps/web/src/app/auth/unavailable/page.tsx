import { SignInUnavailable } from "@logto-hf/ui";

/** Shown when Logto does not answer a sign-in (the package serves it with 503). */
export default function SignInUnavailablePage() {
  return <SignInUnavailable />;
}
