/**
 * Test helpers: the real IdP in-process ({@link startTestIdp}), and a scripted browser without JavaScript that
 * signs in and out through its real pages, with its cookie jar and form parser.
 */
export { CookieJar, type StoredCookie } from "./testing/cookie-jar.js";
export { type HtmlForm, parseForms } from "./testing/html-forms.js";
export { type SignInOptions, signInThroughStandIn, signOutThroughIdp } from "./testing/scripted-browser.js";
export { startTestIdp, type TestIdp, type TestIdpOptions } from "./testing/test-idp.js";
