import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { CreatePersonDto, MatchQueryDto, UpdatePersonDto } from './person.dto';

const person = (estimatedBirthYear: number) =>
  plainToInstance(CreatePersonDto, {
    givenNames: 'Ana',
    familyNames: 'Pérez',
    sex: 'female',
    nationality: 'HN',
    estimatedBirthYear,
  });
const refused = async (dto: object): Promise<string[]> => (await validate(dto)).map((error) => error.property);

describe('the largest estimated birth year', () => {
  afterEach(() => jest.useRealTimers());

  it('is the current year on the day of the request, not when the server started', async () => {
    // The module was loaded (the "server started") before this moment.
    jest.useFakeTimers({ now: new Date('2031-01-02T15:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    expect(await refused(person(2031))).toEqual([]);
    expect(await refused(plainToInstance(UpdatePersonDto, { estimatedBirthYear: 2031 }))).toEqual([]);
    expect(await refused(plainToInstance(MatchQueryDto, { givenNames: 'Ana', birthYear: '2031' }))).toEqual([]);
    expect(await refused(person(2032))).toEqual(['estimatedBirthYear']);
  });

  it('refuses next year', async () => {
    jest.useFakeTimers({ now: new Date('2026-06-01T15:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    expect(await refused(person(2027))).toEqual(['estimatedBirthYear']);
    expect(await refused(person(2026))).toEqual([]);
  });
});
