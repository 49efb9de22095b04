import { safeReturnTo } from "@logto-hf/auth-config";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getAuthenticator } from "~/auth.server";
import { getSession, sessionStorage } from "~/session.server";

/** Sends the browser to Logto, remembering where to come back to; the strategy answers with a redirect. */
async function startSignIn(request: Request, returnTo: string) {
  const authenticator = await getAuthenticator();
  const session = await getSession(request);
  session.flash("returnTo", returnTo);
  try {
    await authenticator.authenticate("logto", request);
  } catch (thrown) {
    if (thrown instanceof Response) {
      thrown.headers.append("Set-Cookie", await sessionStorage.commitSession(session));
    }
    throw thrown;
  }
  throw new Error("The Logto strategy did not redirect to the issuer.");
}

export async function loader({ request }: LoaderFunctionArgs) {
  return startSignIn(request, safeReturnTo(new URL(request.url).searchParams.get("returnTo")));
}

export async function action({ request }: ActionFunctionArgs) {
  // remix-auth copies the request, so its body must still be unread.
  const form = await request.clone().formData();
  return startSignIn(request, safeReturnTo(form.get("returnTo")));
}
