import { IsEmail, IsString } from 'class-validator';

import { RequestValidationError } from '../errors/domain.error';
import { createValidationPipe, MAX_INPUT_DEPTH, unreadableInput } from './validation.pipe';

class NameDto {
  @IsString()
  name: string;
}

class EmailDto {
  @IsEmail()
  email: string;
}

const nested = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
const fieldOf = (value: unknown) => unreadableInput(value)?.field ?? null;

describe('unreadableInput', () => {
  it('names the top-level field under which the input nests too deep', () => {
    expect(unreadableInput({ name: 'x', members: [{ person: { names: ['a'] } }] })).toBeNull();
    expect(fieldOf({ name: 'x', members: nested(MAX_INPUT_DEPTH - 1) })).toBeNull();
    expect(fieldOf({ name: 'x', members: nested(MAX_INPUT_DEPTH) })).toBe('members');
    expect(fieldOf(JSON.parse('['.repeat(50) + ']'.repeat(50)))).toBe('[0]');
  });

  it('walks a hundred thousand levels without overflowing the stack', () => {
    expect(fieldOf({ name: nested(100_000) })).toBe('name');
  });

  it('names the field whose text holds a lone surrogate, however deep', () => {
    expect(unreadableInput({ name: 'José 👨‍👩‍👧', note: 'a\u0000b' })).toBeNull();
    expect(fieldOf({ members: [{ person: { givenNames: 'a\ud800' } }] })).toBe('members[0].person.givenNames');
    expect(fieldOf('\udc00')).toBe('(body)');
  });
});

describe('the global validation pipe', () => {
  const pipe = createValidationPipe();

  it('refuses a body nested 100,000 deep as invalid, naming the field, instead of overflowing the stack', async () => {
    const attempt = pipe.transform({ name: nested(100_000) }, { type: 'body', metatype: NameDto });
    await expect(attempt).rejects.toBeInstanceOf(RequestValidationError);
    await expect(attempt).rejects.toMatchObject({
      errors: [{ field: 'name', message: `name nests deeper than ${MAX_INPUT_DEPTH} levels` }],
    });
  });

  it('refuses a lone surrogate as invalid instead of letting IsEmail throw a URIError', async () => {
    const attempt = pipe.transform({ email: '\ud800' }, { type: 'body', metatype: EmailDto });
    await expect(attempt).rejects.toBeInstanceOf(RequestValidationError);
    await expect(attempt).rejects.toMatchObject({ errors: [{ field: 'email' }] });
  });

  it('names the query parameter when the whole value is not Unicode', async () => {
    const attempt = pipe.transform('\ud800', { type: 'query', data: 'q', metatype: String });
    await expect(attempt).rejects.toMatchObject({ errors: [{ field: 'q' }] });
  });

  it.each([null, [], 'text', 42, true])('refuses a body of %p: a DTO is read from a JSON object only', async (body) => {
    const attempt = pipe.transform(body, { type: 'body', metatype: NameDto });
    await expect(attempt).rejects.toMatchObject({
      errors: [{ field: '(body)', message: 'the body must be a JSON object' }],
    });
  });

  it('leaves a missing body to the DTO, which names what is required', async () => {
    await expect(pipe.transform(undefined, { type: 'body', metatype: NameDto })).rejects.toMatchObject({
      errors: [expect.objectContaining({ field: 'name' })],
    });
  });
});
