import { loadLogtoConfig } from "@logto-hf/auth-config";
import { LogtoReactRouterAuth } from "@logto-hf/auth-config/react-router";

// "notes": this app's name, unique among the apps on this host; it names the app's cookies.
export const logto = LogtoReactRouterAuth(loadLogtoConfig(process.env), { name: "notes" });
