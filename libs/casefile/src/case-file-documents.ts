/** What a printed summary lists of a document: never its content. */
export interface CaseFileDocumentEntry {
  title: string | null;
  kind: string;
  mediaType: string;
  byteSize: number;
  createdAt: Date;
  deletedAt: Date | null;
}

export type CaseFileDocumentOwnerType = 'person' | 'stay' | 'asylum_application' | 'incident' | 'referral';

/**
 * The documents of a record, for the printed summaries. The documents module provides it
 * (`DocumentsService.listForOwner`); the caller has already been checked against the owner's scope.
 */
export interface CaseFileDocuments {
  listForOwner(ownerType: CaseFileDocumentOwnerType, ownerId: string): Promise<CaseFileDocumentEntry[]>;
}

/**
 * Optional provider token: with nothing bound to it, a summary's documents section says there are
 * none on record. Bind it with `{ provide: CASE_FILE_DOCUMENTS, useExisting: DocumentsService }` in a
 * module the case file imports (or a global one).
 */
export const CASE_FILE_DOCUMENTS = Symbol('CASE_FILE_DOCUMENTS');
