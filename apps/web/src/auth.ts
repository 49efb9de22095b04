import "server-only";
import { LogtoNextAuth } from "@logto-hf/auth-config/next-auth";
import { logtoConfig } from "~/env";

export const logto = LogtoNextAuth(logtoConfig, { name: "web", pages: { signedOut: "/" } });
