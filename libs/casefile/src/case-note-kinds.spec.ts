import { CASE_NOTE_KINDS, kindsReadableBy, kindsWritableBy } from './case-note-kinds';

describe('case note kinds', () => {
  it('reads as API.md says: staff general and social, coordinators the confidential kinds too, lawyers legal', () => {
    expect(kindsReadableBy('admin')).toEqual([...CASE_NOTE_KINDS]);
    expect(kindsReadableBy('coordinator')).toEqual(['general', 'social', 'medical', 'psychosocial']);
    expect(kindsReadableBy('shelter_worker')).toEqual(['general', 'social']);
    expect(kindsReadableBy('lawyer')).toEqual(['legal']);
    expect(kindsReadableBy('partner')).toEqual([]);
  });

  it('lets a worker write the confidential kinds (she reads them as author), a lawyer legal notes only', () => {
    expect(kindsWritableBy('shelter_worker')).toEqual(['general', 'social', 'medical', 'psychosocial']);
    expect(kindsWritableBy('lawyer')).toEqual(['legal']);
    expect(kindsWritableBy('partner')).toEqual([]);
  });
});
