import { DomainError } from '@albergue/platform';

import type { CaseNoteKind } from './case-note-kinds';

export class NoteKindNotWritable extends DomainError {
  constructor(kind: CaseNoteKind, writable: CaseNoteKind[]) {
    super(
      'rule_broken',
      'note_kind_not_writable',
      {
        es: `Su función no puede escribir notas de tipo ${kind}. Puede escribir: ${writable.join(', ') || 'ninguna'}.`,
        en: `Your role may not write ${kind} notes. You may write: ${writable.join(', ') || 'none'}.`,
      },
      [{ field: 'kind', message: `writable by you: ${writable.join(', ') || 'none'}` }],
      { writableKinds: writable },
    );
  }
}

export class UnknownCorrectedNote extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'unknown_corrected_note',
      {
        es: 'La nota corregida no existe, es de otra persona o no está a su alcance.',
        en: 'The corrected note does not exist, is another person’s or is not visible to you.',
      },
      [{ field: 'corrects', message: 'no note of this person with this id is visible to you' }],
    );
  }
}

export class CorrectionOfAnotherKind extends DomainError {
  constructor(kind: CaseNoteKind) {
    super(
      'rule_broken',
      'correction_of_another_kind',
      {
        es: `Una corrección es del mismo tipo que la nota que corrige (${kind}).`,
        en: `A correction has the kind of the note it corrects (${kind}).`,
      },
      [{ field: 'kind', message: `the corrected note is ${kind}` }],
    );
  }
}

export class PersonErasedNotes extends DomainError {
  constructor(erasedAt: Date) {
    super(
      'conflict',
      'person_erased',
      {
        es: 'El registro de esta persona fue borrado (anonimizado): no admite notas.',
        en: 'This person’s record was erased (anonymized): it takes no notes.',
      },
      [],
      { erasedAt: erasedAt.toISOString() },
    );
  }
}
