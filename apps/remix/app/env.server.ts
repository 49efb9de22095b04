import { existsSync } from "node:fs";
import { HUGGING_FACE_DIRECT_SIGN_IN, loadLogtoConfig } from "@logto-hf/auth-config";
import { demoApp } from "@logto-hf/demo";

// remix-serve and the Vite dev server do not read .env files; a developer's .env is optional.
if (existsSync(".env")) process.loadEnvFile();

// Without AUTH_LOGTO_ISSUER, the app signs in through apps/idp on localhost with the demo client registered there.
const { developmentDefaults, otherAppUrl, huggingFaceHubUrl: hubUrl } = demoApp("remix", process.env);
// The dev and start scripts set PORT from REMIX_PORT: a loopback AUTH_URL on another port stops the app.
const options = { defaultDirectSignIn: HUGGING_FACE_DIRECT_SIGN_IN, developmentDefaults, portVariable: "REMIX_PORT" };
export const logtoConfig = loadLogtoConfig(process.env, options);

/** Where the other app of the demo runs, for the cross-app link. */
export const webAppUrl = otherAppUrl;

/** The Hugging Face Hub the /huggingface page calls as the user (`HF_HUB_URL`; the local stand-in by default). */
export const huggingFaceHubUrl = hubUrl;
