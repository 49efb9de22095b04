import "server-only";
import { createResourceServer } from "@logto-hf/auth-config/resource-server";
import { demoNotesApi } from "@logto-hf/demo";
import { logtoConfig } from "~/env";

/** The demo's API protected by Logto: its tokens are checked against the issuer the apps sign in with. */
export const notesApi = createResourceServer({ issuer: logtoConfig.issuer, resource: demoNotesApi.indicator });

const MAX_NOTES = 5;
const notesByUser = new Map<string, { text: string; at: number }[]>();

/** The user's notes, newest first (in this process's memory: the demo's API keeps nothing else). */
export function notesOf(userId: string) {
  return notesByUser.get(userId) ?? [{ text: "Welcome: the API read this note with your read:notes scope.", at: 0 }];
}

export function addNote(userId: string, text: string) {
  const notes = [{ text, at: Date.now() }, ...(notesByUser.get(userId) ?? [])].slice(0, MAX_NOTES);
  notesByUser.set(userId, notes);
  return notes[0];
}
