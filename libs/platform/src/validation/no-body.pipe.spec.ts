import { RequestValidationError } from '../errors/domain.error';
import { NoBodyPipe } from './no-body.pipe';

describe('NoBodyPipe', () => {
  const pipe = new NoBodyPipe();

  it('lets nothing and an empty object through', () => {
    expect(pipe.transform(undefined)).toBeUndefined();
    expect(pipe.transform({})).toBeUndefined();
  });

  it.each([[null], [{ secret: 'x' }], [[]], ['text'], [0]])('refuses %j', (body) => {
    expect(() => pipe.transform(body)).toThrow(RequestValidationError);
  });
});
