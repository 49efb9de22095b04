import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("protected", "routes/protected.tsx"),
  route("auth/sign-in", "routes/auth.sign-in.tsx"),
  route("auth/callback", "routes/auth.callback.tsx"),
  route("auth/sign-out", "routes/auth.sign-out.tsx"),
  route("auth/backchannel-logout", "routes/auth.backchannel-logout.tsx"),
] satisfies RouteConfig;
