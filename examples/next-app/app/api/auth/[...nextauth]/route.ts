import { logto } from "@/auth";

export const { GET, POST } = logto.handlers;
