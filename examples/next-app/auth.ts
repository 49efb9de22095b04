import { loadLogtoConfig } from "@logto-hf/auth-config";
import { LogtoNextAuth } from "@logto-hf/auth-config/next-auth";

// "shop": this app's name, unique among the apps on this host; it names the app's cookies (see proxy.ts).
export const logto = LogtoNextAuth(loadLogtoConfig(process.env), { name: "shop" });
