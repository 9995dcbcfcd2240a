import type { CaseNoteKind } from './case-note-kinds';

export interface CaseNoteView {
  id: string;
  personId: string;
  kind: CaseNoteKind;
  body: string;
  authorId: string;
  /** The author's name, as the account holds it now. */
  authorName: string;
  createdAt: Date;
  /** The note this one corrects, or null. */
  corrects: string | null;
  /** The notes correcting this one that the caller may read, oldest first (none: not corrected, or not visibly). */
  correctedBy: string[];
}
