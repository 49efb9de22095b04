import { logto } from "~/auth.server";

export const loader = logto.routes.signOut.loader;
export const action = logto.routes.signOut.action;
