import type { Job } from 'bullmq';

import { defineQueue, job } from './queue-definition';
import { findJobHandlerProblems, JobHandlers, QueueProcessor } from './queue-processor';

const PINGS = defineQueue({
  name: 'pings',
  jobs: { ping: job<{ sentAt: string }>('pings.ping'), echo: job<{ text: string }>('pings.echo') },
  options: { attempts: 1 },
});

const CHORES = defineQueue({
  name: 'chores',
  jobs: { sweep: job<Record<string, never>>('chores.sweep') },
  options: { attempts: 3 },
  schedules: [{ schedulerId: 'chores.sweep.daily', pattern: '0 4 * * *', tz: 'America/Mexico_City', job: 'sweep' }],
});

class PingProcessor extends QueueProcessor<typeof PINGS> {
  readonly definition = PINGS;
  readonly handlers: JobHandlers<typeof PINGS> = {
    ping: async (job) => `pong ${job.data.sentAt}`,
    echo: async (job) => job.data.text,
  };
}

class ChoreProcessor extends QueueProcessor<typeof CHORES> {
  readonly definition = CHORES;
  readonly handlers: JobHandlers<typeof CHORES> = { sweep: async () => ({ swept: 0 }) };
}

const withHandlers = (handlers: Record<string, () => Promise<unknown>>): QueueProcessor =>
  Object.assign(new PingProcessor(), { handlers }) as QueueProcessor;

describe('QueueProcessor', () => {
  it('dispatches a job by its name to the handler of its key, with its data', async () => {
    const processor = new PingProcessor();
    const ping = { name: 'pings.ping', data: { sentAt: 'noon' } } as Job;
    const echo = { name: 'pings.echo', data: { text: 'hola' } } as Job;
    await expect(processor.process(ping)).resolves.toBe('pong noon');
    await expect(processor.process(echo)).resolves.toBe('hola');
    await expect(processor.process({ name: 'chores.sweep', data: {} } as Job)).rejects.toThrow(
      'no handler for job chores.sweep on queue pings',
    );
  });
});

describe('defineQueue', () => {
  it('refuses two jobs of one name', () => {
    expect(() =>
      defineQueue({ name: 'twins', jobs: { a: job('twins.same'), b: job('twins.same') }, options: {} }),
    ).toThrow('queue twins: job names repeated: twins.same');
  });
});

describe('findJobHandlerProblems', () => {
  it('accepts one processor per consumed queue, handling each of its jobs', () => {
    expect(findJobHandlerProblems([PINGS, CHORES], [new PingProcessor(), new ChoreProcessor()])).toEqual([]);
  });

  it('names a consumed queue without a processor, or with two', () => {
    expect(findJobHandlerProblems([PINGS, CHORES], [new PingProcessor()])).toEqual(['queue chores has no processor']);
    expect(
      findJobHandlerProblems([PINGS, CHORES], [new PingProcessor(), new ChoreProcessor(), new ChoreProcessor()]),
    ).toEqual(['queue chores has 2 processors']);
  });

  it('names a job without a handler, and a handler for a job the queue does not declare', () => {
    const missing = withHandlers({ ping: async () => 1 });
    expect(findJobHandlerProblems([PINGS], [missing])).toEqual(['pings.echo has no handler']);
    const stray = withHandlers({ ping: async () => 1, echo: async () => 2, stray: async () => 3 });
    expect(findJobHandlerProblems([PINGS], [stray])).toEqual(['pings.stray is handled but not declared']);
  });

  it('names a processor of a queue the process does not consume', () => {
    expect(findJobHandlerProblems([PINGS], [new PingProcessor(), new ChoreProcessor()])).toEqual([
      'queue chores has a processor but is not consumed (QueueModule.forWorker)',
    ]);
  });
});
