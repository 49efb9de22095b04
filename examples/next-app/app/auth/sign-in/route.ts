import { logto } from "@/auth";

export const { GET } = logto.routes.signIn;
