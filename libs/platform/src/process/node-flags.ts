/** The processes Albergue runs, each started with its own Node flags. */
export type AlbergueProcess = 'api' | 'worker';

/**
 * Node flags every way of starting each process passes (npm scripts, `npm start`, the Dockerfile,
 * docker-compose, benchmarks, tests); `node-flags.spec.ts` checks the scripts and the compose file.
 * - The worker: an export allocates fast and briefly, so a larger young generation lets a batch die
 *   young, and a capped old generation makes V8 collect rather than grow (`npm run bench:export` at
 *   200,000 acts: peak RSS 388 MB without them, 221 MB with them, and no slower).
 * - The API: V8's default young generation on a machine with this much memory is about 100 MB that
 *   the API never needs (its live heap is about 65 MB); a small one keeps the process near 160 MB at
 *   rest, and streamed documents under 300 MB (`npm run bench:documents`: peak 354 MB with the
 *   default young generation, under 300 MB with these).
 */
export const NODE_FLAGS: Record<AlbergueProcess, readonly string[]> = {
  api: ['--max-semi-space-size=4', '--max-old-space-size=256'],
  worker: ['--max-semi-space-size=32', '--max-old-space-size=192'],
};

/** The flags above that this process was started without (through its argv or NODE_OPTIONS). */
export function missingNodeFlags(processName: AlbergueProcess): string[] {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return NODE_FLAGS[processName].filter((flag) => !given.some((arg) => arg.split('=')[0] === flag.split('=')[0]));
}
