import { randomUUID } from 'node:crypto';

import { Actor, AuditService, UsersService } from '@albergue/access';
import { PersonsService } from '@albergue/intake';
import { decodeCursor, FieldEncryption, NotFoundError, Page, toPage } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';

import { CONFIDENTIAL_KINDS, kindsReadableBy, kindsWritableBy } from './case-note-kinds';
import type { CaseNotesQueryDto, CreateCaseNoteDto } from './case-note.dto';
import { CaseNoteEntity } from './case-note.entity';
import type { CaseNoteView } from './case-note.view';
import { NOTE_BODY_COLUMN } from './casefile-encrypted-columns';
import {
  CorrectionOfAnotherKind,
  NoteKindNotWritable,
  PersonErasedNotes,
  UnknownCorrectedNote,
} from './casefile.errors';

const PERSON = { es: 'La persona', en: 'The person' };

/**
 * Case notes of a person. Whoever may see the person (intake decides: staff of the shelters where
 * they stayed, lawyers on their applications, admins) reads the kinds their role reads
 * (case-note-kinds.ts); a note they may not read does not exist for them: not listed, not counted,
 * its id unknown when named as corrected.
 */
@Injectable()
export class CaseNotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly persons: PersonsService,
    private readonly users: UsersService,
    private readonly encryption: FieldEncryption,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, personId: string, dto: CreateCaseNoteDto): Promise<CaseNoteView> {
    await this.requireVisiblePerson(actor, personId);
    const [person] = await this.persons.findForDisclosure([personId]);
    if (person.erasedAt) throw new PersonErasedNotes(person.erasedAt);
    return this.dataSource.transaction(async (manager) => {
      // The corrected note first: an id the caller may not use is refused the same way whatever the kind.
      if (dto.corrects !== undefined) {
        const corrected = await this.readableQuery(actor, personId, manager.getRepository(CaseNoteEntity))
          .andWhere('n.id = :correctsId', { correctsId: dto.corrects })
          .getOne();
        if (!corrected) throw new UnknownCorrectedNote();
        if (corrected.kind !== dto.kind) throw new CorrectionOfAnotherKind(corrected.kind);
      }
      const writable = kindsWritableBy(actor.role);
      if (!writable.includes(dto.kind)) throw new NoteKindNotWritable(dto.kind, writable);
      const id = randomUUID();
      const note = manager.create(CaseNoteEntity, {
        id,
        personId,
        kind: dto.kind,
        bodyCiphertext: this.encryption.encrypt(dto.body, NOTE_BODY_COLUMN, id),
        authorId: actor.userId,
        correctsId: dto.corrects ?? null,
      });
      await manager.insert(CaseNoteEntity, note);
      await this.audit.record(
        actor,
        {
          action: 'create',
          entityType: 'case_note',
          entityId: id,
          details: { personId, kind: dto.kind, corrects: dto.corrects ?? null },
        },
        manager,
      );
      const [view] = await this.toViews([note], new Map());
      return view;
    });
  }

  /** The notes of a person the caller may read, newest first, paginated; the ids answered are audited. */
  async list(actor: Actor, personId: string, query: CaseNotesQueryDto): Promise<Page<CaseNoteView>> {
    await this.requireVisiblePerson(actor, personId);
    const builder = this.readableQuery(actor, personId)
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) {
      // The cursor names the last note only: its timestamp is read back at full (microsecond)
      // precision, which a JavaScript date would round and so skip notes of the same millisecond.
      const [cursorId] = decodeCursor(query.cursor, ['uuid']);
      builder.andWhere(
        '(n.created_at, n.id) < (SELECT created_at, id FROM case_notes WHERE id = :cursorId AND person_id = :personId)',
        { cursorId },
      );
    }
    const page = toPage(await builder.getMany(), query.limit, (note) => [note.id]);
    const items = await this.toViews(page.items, await this.correctionsOf(actor, personId, page.items));
    await this.recordList(actor, personId, items);
    return { items, nextCursor: page.nextCursor };
  }

  /** Every note of the person the caller may read, newest first (for a printed summary); audited. */
  async allReadable(actor: Actor, personId: string): Promise<CaseNoteView[]> {
    await this.requireVisiblePerson(actor, personId);
    const notes = await this.readableQuery(actor, personId)
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .getMany();
    const items = await this.toViews(notes, await this.correctionsOf(actor, personId, notes));
    await this.recordList(actor, personId, items);
    return items;
  }

  private async requireVisiblePerson(actor: Actor, personId: string): Promise<void> {
    if (!(await this.persons.isVisible(actor, personId))) throw new NotFoundError(PERSON);
  }

  /** The person's notes the caller reads: the kinds of their role, and the confidential ones they wrote. */
  private readableQuery(
    actor: Actor,
    personId: string,
    repository = this.dataSource.getRepository(CaseNoteEntity),
  ): SelectQueryBuilder<CaseNoteEntity> {
    return repository
      .createQueryBuilder('n')
      .where('n.personId = :personId', { personId })
      .andWhere(
        new Brackets((readable) => {
          readable.where('n.kind = ANY(:readableKinds)', { readableKinds: kindsReadableBy(actor.role) });
          readable.orWhere('(n.kind = ANY(:confidentialKinds) AND n.authorId = :authorId)', {
            confidentialKinds: CONFIDENTIAL_KINDS,
            authorId: actor.userId,
          });
        }),
      );
  }

  /** For each note, the readable notes that correct it, oldest first. */
  private async correctionsOf(actor: Actor, personId: string, notes: CaseNoteEntity[]): Promise<Map<string, string[]>> {
    const byNote = new Map<string, string[]>();
    if (notes.length === 0) return byNote;
    const corrections = await this.readableQuery(actor, personId)
      .andWhere('n.correctsId = ANY(:correctedIds)', { correctedIds: notes.map((note) => note.id) })
      .orderBy('n.createdAt', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .getMany();
    for (const correction of corrections) {
      const list = byNote.get(correction.correctsId!) ?? [];
      list.push(correction.id);
      byNote.set(correction.correctsId!, list);
    }
    return byNote;
  }

  private async toViews(notes: CaseNoteEntity[], corrections: Map<string, string[]>): Promise<CaseNoteView[]> {
    const names = new Map<string, string>();
    for (const authorId of new Set(notes.map((note) => note.authorId))) {
      names.set(authorId, (await this.users.findOne(authorId)).name);
    }
    return notes.map((note) => ({
      id: note.id,
      personId: note.personId,
      kind: note.kind,
      body: this.encryption.decrypt(note.bodyCiphertext, NOTE_BODY_COLUMN, note.id),
      authorId: note.authorId,
      authorName: names.get(note.authorId) ?? '',
      createdAt: note.createdAt,
      corrects: note.correctsId,
      correctedBy: corrections.get(note.id) ?? [],
    }));
  }

  private recordList(actor: Actor, personId: string, notes: CaseNoteView[]): Promise<void> {
    return this.audit.record(actor, {
      action: 'list',
      entityType: 'case_note',
      details: { personId, ids: notes.map((note) => note.id) },
    });
  }
}
