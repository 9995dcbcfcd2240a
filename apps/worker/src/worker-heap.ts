/**
 * Node flags every way of starting the worker passes (npm scripts, `npm start`, docker-compose,
 * benchmarks, tests). An export allocates fast and briefly: a larger young generation lets a batch
 * die young, and a capped old generation makes V8 collect rather than grow. Measured with
 * `npm run bench:export` at 200,000 acts: peak RSS 388 MB without them, 221 MB with them, and no
 * slower.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=32', '--max-old-space-size=192'];

/** The flags above that this process was started without (through its argv or NODE_OPTIONS). */
export function missingWorkerNodeFlags(): string[] {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return WORKER_NODE_FLAGS.filter((flag) => !given.some((arg) => arg.split('=')[0] === flag.split('=')[0]));
}
