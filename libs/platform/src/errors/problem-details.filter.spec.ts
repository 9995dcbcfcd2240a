import { ArgumentsHost, Logger } from '@nestjs/common';

import { ProblemDetailsFilter, RETRY_AFTER_SECONDS } from './problem-details.filter';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Runs the filter on one error, as Nest would for a request, and answers what it sent. */
function answerTo(error: unknown): Answer {
  const answer: Answer = { status: 0, headers: {}, body: {} };
  const reply = {
    status(code: number) {
      answer.status = code;
      return reply;
    },
    header(name: string, value: string) {
      answer.headers[name.toLowerCase()] = value;
      return reply;
    },
    send(payload: string) {
      answer.body = JSON.parse(payload) as Record<string, unknown>;
      return reply;
    },
  };
  const request = { id: 'r1', method: 'GET', url: '/api/v1/persons', headers: { 'accept-language': 'en' } };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return answer;
}

/** The shapes in which pg, pg-pool and ioredis report a server that is down or restarting. */
const DEPENDENCY_DOWN: [string, unknown][] = [
  [
    'Postgres refusing connections',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  ],
  [
    'Postgres shutting down (57P01)',
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  ],
  ['Postgres starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
  ['a connection dropped mid-query', new Error('Connection terminated unexpectedly')],
  ['the pool giving up on a connection', new Error('timeout exceeded when trying to connect')],
  [
    'Redis refusing commands',
    Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
  ],
];

describe('ProblemDetailsFilter', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each(DEPENDENCY_DOWN)('answers %s with 503 problem+json and Retry-After', (_, error) => {
    const answer = answerTo(error);
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(answer.body).toMatchObject({ status: 503, title: 'Service unavailable', requestId: 'r1' });
    expect(JSON.stringify(answer.body)).not.toMatch(/ECONNREFUSED|terminat|5432|timeout/i);
  });

  it('answers an unexpected error with 500 and no Retry-After', () => {
    const answer = answerTo(new Error('column "x" does not exist'));
    expect(answer.status).toBe(500);
    expect(answer.headers['retry-after']).toBeUndefined();
  });
});
