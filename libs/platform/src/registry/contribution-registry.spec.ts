import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { ContributionRegistry, contributeTo } from './contribution-registry';

@Injectable()
class GreetingRegistry extends ContributionRegistry<string, 'north' | 'south' | 'east'> {
  protected readonly subject = 'greetings';
  protected override readonly required = ['north', 'south'] as const;

  protected override check(region: string, greeting: string): void {
    if (greeting.trim() === '') throw new Error(`${region}: an empty greeting`);
  }

  greetings(): string[] {
    return this.contributions();
  }
}

@Injectable()
class Clock {
  readonly hour = 9;
}

describe('ContributionRegistry', () => {
  it('answers the required contributors first in their order, then the others as they came', () => {
    const registry = new GreetingRegistry();
    registry.register('east', 'salaam');
    registry.register('south', 'hola');
    registry.register('north', 'hello');
    expect(registry.greetings()).toEqual(['hello', 'hola', 'salaam']);
  });

  it('refuses to answer while a required contributor is missing, naming it', () => {
    const registry = new GreetingRegistry();
    registry.register('north', 'hello');
    expect(() => registry.greetings()).toThrow(
      'greetings are not all registered in this process: south did not register',
    );
  });

  it('refuses a second, different contribution of one contributor, and what check refuses', () => {
    const registry = new GreetingRegistry();
    registry.register('north', 'hello');
    registry.register('north', 'hello');
    expect(() => registry.register('north', 'hi')).toThrow('greetings: north contributed twice');
    expect(() => registry.register('south', ' ')).toThrow('south: an empty greeting');
  });

  it('takes contributions from module providers, values or built from other providers', async () => {
    const module = await Test.createTestingModule({
      providers: [
        GreetingRegistry,
        Clock,
        contributeTo(GreetingRegistry, 'north', 'hello'),
        contributeTo(GreetingRegistry, 'south', {
          inject: [Clock],
          useFactory: (clock: Clock) => `buenos días (${clock.hour} h)`,
        }),
      ],
    }).compile();
    expect(module.get(GreetingRegistry).greetings()).toEqual(['hello', 'buenos días (9 h)']);
  });
});
