import "server-only";
import { HUGGING_FACE_DIRECT_SIGN_IN, loadLogtoConfig } from "@logto-hf/auth-config";
import { demoApp } from "@logto-hf/dev-idp/demo";

// Without AUTH_LOGTO_ISSUER, the app signs in through apps/idp on localhost with the demo client registered there.
const { developmentDefaults, otherAppUrl } = demoApp("web", process.env);
export const logtoConfig = loadLogtoConfig(process.env, { defaultDirectSignIn: HUGGING_FACE_DIRECT_SIGN_IN, developmentDefaults });

/** Where the other app of the demo runs, for the cross-app link. */
export const remixAppUrl = otherAppUrl;
