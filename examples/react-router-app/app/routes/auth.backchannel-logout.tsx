import { logto } from "~/auth.server";

export const loader = logto.routes.backchannelLogout.loader;
export const action = logto.routes.backchannelLogout.action;
