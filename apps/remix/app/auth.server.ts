import { LogtoRemixAuth } from "@logto-hf/auth-config/remix";
import { logtoConfig } from "~/env.server";

export const logto = LogtoRemixAuth(logtoConfig, { name: "remix", pages: { signedOut: "/" } });
