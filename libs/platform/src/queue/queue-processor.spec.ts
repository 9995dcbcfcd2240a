import { findJobHandlerProblems, JobHandlers, QueueProcessor } from './queue-processor';

class PingProcessor extends QueueProcessor<'health'> {
  readonly queueKey = 'health';
  readonly handlers: JobHandlers<'health'> = { 'health.ping': async () => 'pong' };
}

class RemindProcessor extends QueueProcessor<'reminders'> {
  readonly queueKey = 'reminders';
  readonly handlers: JobHandlers<'reminders'> = { 'reminders.record-due': async () => ({ recorded: 0 }) };
}

class ExportsProcessor extends QueueProcessor<'exports'> {
  readonly queueKey = 'exports';
  readonly handlers: JobHandlers<'exports'> = { 'exports.build': async () => 'built' };
}

class DeliveriesProcessor extends QueueProcessor<'deliveries'> {
  readonly queueKey = 'deliveries';
  readonly handlers: JobHandlers<'deliveries'> = { 'deliveries.webhook': async () => 'sent' };
}

class RetentionProcessor extends QueueProcessor<'retention'> {
  readonly queueKey = 'retention';
  readonly handlers: JobHandlers<'retention'> = { 'retention.anonymize-expired': async () => ({ erased: 0 }) };
}

/** The handlers of every queue but health, so each case is about health alone. */
const otherQueues = (): QueueProcessor<'reminders' | 'exports' | 'deliveries' | 'retention'>[] => [
  new RemindProcessor(),
  new ExportsProcessor(),
  new DeliveriesProcessor(),
  new RetentionProcessor(),
];

const withHandlers = (handlers: Record<string, () => Promise<unknown>>): QueueProcessor<'health'> =>
  Object.assign(new PingProcessor(), { handlers }) as QueueProcessor<'health'>;

describe('findJobHandlerProblems', () => {
  it('accepts exactly one handler per declared job', () => {
    expect(findJobHandlerProblems([new PingProcessor(), ...otherQueues()])).toEqual([]);
  });

  it('names a job without a handler', () => {
    expect(findJobHandlerProblems(otherQueues())).toEqual(['health.ping has no handler']);
  });

  it('names a job with two handlers', () => {
    expect(findJobHandlerProblems([new PingProcessor(), new PingProcessor(), ...otherQueues()])).toEqual([
      'health.ping has 2 handlers',
    ]);
  });

  it('names a handler for a job nobody declared', () => {
    const stray = withHandlers({ 'health.ping': async () => 1, 'health.stray': async () => 2 });
    expect(findJobHandlerProblems([stray, ...otherQueues()])).toEqual([
      'health.stray is handled but not declared in JOBS',
    ]);
  });
});
