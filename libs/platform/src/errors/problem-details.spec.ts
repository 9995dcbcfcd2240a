import { DomainError } from './domain.error';
import { pickLanguage, problemFromDomainError, problemFromStatus } from './problem-details';

describe('pickLanguage', () => {
  it.each([
    [undefined, 'es'],
    ['', 'es'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, en;q=0.5, es;q=0.8', 'es'],
    ['de', 'es'],
    ['es;q=0, en', 'en'],
  ])('reads %p as %s', (header, language) => {
    expect(pickLanguage(header)).toBe(language);
  });
});

describe('problem documents', () => {
  it('maps a domain error kind to its status, in the chosen language, with its extensions', () => {
    const error = new DomainError(
      'conflict',
      'transition_not_allowed',
      { es: 'No se permite.', en: 'Not allowed.' },
      [{ field: 'type', message: 'not allowed now' }],
      { allowed: ['filed'] },
    );
    expect(problemFromDomainError(error, 'en', 'r1')).toEqual({
      type: 'urn:albergue:problem:transition_not_allowed',
      title: 'Conflict',
      status: 409,
      detail: 'Not allowed.',
      errors: [{ field: 'type', message: 'not allowed now' }],
      requestId: 'r1',
      allowed: ['filed'],
    });
  });

  it('hides an unknown server status behind a generic 500', () => {
    const problem = problemFromStatus(502, 'es', 'r2');
    expect(problem.status).toBe(500);
    expect(problem.title).toBe('Error interno');
  });
});
