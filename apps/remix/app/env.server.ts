import { existsSync } from "node:fs";
import { HUGGING_FACE_DIRECT_SIGN_IN, loadLogtoConfig } from "@logto-hf/auth-config";
import { demoApp, demoNotesApi, demoNotesApiUrl } from "@logto-hf/demo";

// remix-serve and the Vite dev server do not read .env files; a developer's .env is optional.
if (existsSync(".env")) process.loadEnvFile();

// Without AUTH_LOGTO_ISSUER, the app signs in through apps/idp on localhost with the demo client registered there.
const { developmentDefaults, otherAppUrl, huggingFaceHubUrl: hubUrl } = demoApp("remix", process.env);
// The dev and start scripts set PORT from REMIX_PORT: a loopback AUTH_URL on another port stops the app.
const options = { defaultDirectSignIn: HUGGING_FACE_DIRECT_SIGN_IN, developmentDefaults, portVariable: "REMIX_PORT" };
// The demo's notes API (apps/idp seeds it; a real tenant needs it created, see the README) unless set otherwise.
const env = { ...process.env, AUTH_LOGTO_RESOURCES: process.env.AUTH_LOGTO_RESOURCES ?? demoNotesApi.resources };
export const logtoConfig = loadLogtoConfig(env, options);

/** Where the pages call the notes API (served by the web app at /api/notes unless NOTES_API_URL says otherwise). */
export const notesApiUrl = demoNotesApiUrl(process.env);

/** Where the other app of the demo runs, for the cross-app link. */
export const webAppUrl = otherAppUrl;

/** The Hugging Face Hub the /huggingface page calls as the user (`HF_HUB_URL`; the local stand-in by default). */
export const huggingFaceHubUrl = hubUrl;
