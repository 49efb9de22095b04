import { logto } from "@/auth";

export const { POST } = logto.routes.backchannelLogout;
