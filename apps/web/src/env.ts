import "server-only";
import { HUGGING_FACE_DIRECT_SIGN_IN, loadLogtoConfig } from "@logto-hf/auth-config";
import { demoApp, demoNotesApi, demoNotesApiUrl } from "@logto-hf/demo";

// Without AUTH_LOGTO_ISSUER, the app signs in through apps/idp on localhost with the demo client registered there.
const { developmentDefaults, otherAppUrl, huggingFaceHubUrl: hubUrl } = demoApp("web", process.env);
// The dev and start scripts set PORT from WEB_PORT: a loopback AUTH_URL on another port stops the app.
const options = { defaultDirectSignIn: HUGGING_FACE_DIRECT_SIGN_IN, developmentDefaults, portVariable: "WEB_PORT" };
// The demo's notes API (apps/idp seeds it; a real tenant needs it created, see the README) unless set otherwise.
const env = { ...process.env, AUTH_LOGTO_RESOURCES: process.env.AUTH_LOGTO_RESOURCES ?? demoNotesApi.resources };
export const logtoConfig = loadLogtoConfig(env, options);

/** Where the pages call the notes API (served by this app at /api/notes unless NOTES_API_URL says otherwise). */
export const notesApiUrl = demoNotesApiUrl(process.env);

/** Where the other app of the demo runs, for the cross-app link. */
export const remixAppUrl = otherAppUrl;

/** The Hugging Face Hub the /huggingface page calls as the user (`HF_HUB_URL`; the local stand-in by default). */
export const huggingFaceHubUrl = hubUrl;
