import { accessTokenErrorResponse } from "@logto-hf/auth-config/resource-server";
import { demoNotesApi } from "@logto-hf/demo";
import { addNote, notesApi, notesOf } from "~/notes-api";

/** `GET /api/notes`: the caller's notes; needs `read:notes`. */
export async function GET(request: Request) {
  try {
    const { subject } = await notesApi.verifyAccessToken(request, { scopes: [demoNotesApi.scopes.read] });
    return Response.json({ notes: notesOf(subject) }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return accessTokenErrorResponse(error, demoNotesApi.indicator);
  }
}

/** `POST /api/notes`: adds a note; needs `write:notes`. */
export async function POST(request: Request) {
  try {
    const { subject, clientId } = await notesApi.verifyAccessToken(request, { scopes: [demoNotesApi.scopes.write] });
    const note = addNote(subject, `Added through the ${clientId} app at ${new Date().toISOString()}`);
    return Response.json({ note }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return accessTokenErrorResponse(error, demoNotesApi.indicator);
  }
}
