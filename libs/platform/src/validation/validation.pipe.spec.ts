import { IsString } from 'class-validator';

import { RequestValidationError } from '../errors/domain.error';
import { createValidationPipe, MAX_INPUT_DEPTH, tooDeepField } from './validation.pipe';

class NameDto {
  @IsString()
  name: string;
}

const nested = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

describe('tooDeepField', () => {
  it('names the top-level field under which the input nests too deep', () => {
    expect(tooDeepField({ name: 'x', members: [{ person: { names: ['a'] } }] })).toBeNull();
    expect(tooDeepField({ name: 'x', members: nested(MAX_INPUT_DEPTH) })).toBe('members');
    expect(tooDeepField(JSON.parse('['.repeat(50) + ']'.repeat(50)))).toBe('[0]');
    expect(tooDeepField('text')).toBeNull();
  });

  it('walks a hundred thousand levels without overflowing the stack', () => {
    expect(tooDeepField({ name: nested(100_000) })).toBe('name');
  });
});

describe('the global validation pipe', () => {
  it('refuses a body nested 100,000 deep as invalid, naming the field, instead of overflowing the stack', async () => {
    const pipe = createValidationPipe();
    const attempt = pipe.transform({ name: nested(100_000) }, { type: 'body', metatype: NameDto });
    await expect(attempt).rejects.toBeInstanceOf(RequestValidationError);
    await expect(attempt).rejects.toMatchObject({
      errors: [{ field: 'name', message: `name nests deeper than ${MAX_INPUT_DEPTH} levels` }],
    });
  });
});
