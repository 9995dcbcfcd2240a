import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { LoggedIn } from './user.factory';

export interface NoteView {
  id: string;
  personId: string;
  kind: string;
  body: string;
  authorId: string;
  authorName: string;
  corrects: string | null;
  correctedBy: string[];
  createdAt: string;
}

export async function postNote(app: NestFastifyApplication, as: LoggedIn, personId: string, payload: object) {
  return app.inject({ method: 'POST', url: `/api/v1/persons/${personId}/notes`, headers: as.headers, payload });
}

/** A note that must be created: throws with the answer otherwise. */
export async function createNote(
  app: NestFastifyApplication,
  as: LoggedIn,
  personId: string,
  payload: { kind: string; body: string; corrects?: string },
): Promise<NoteView> {
  const response = await postNote(app, as, personId, payload);
  if (response.statusCode !== 201) throw new Error(`note not created: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function getNotes(app: NestFastifyApplication, as: LoggedIn, personId: string, query = '') {
  return app.inject({ method: 'GET', url: `/api/v1/persons/${personId}/notes${query}`, headers: as.headers });
}

/** Every note the caller reads, following the cursor. */
export async function allNotes(app: NestFastifyApplication, as: LoggedIn, personId: string, limit = 500) {
  const notes: NoteView[] = [];
  let cursor: string | null = null;
  do {
    const response = await getNotes(
      app,
      as,
      personId,
      `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (response.statusCode !== 200) throw new Error(`notes not listed: ${response.statusCode} ${response.body}`);
    const page = response.json<{ items: NoteView[]; nextCursor: string | null }>();
    notes.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return notes;
}
