import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { missingWorkerNodeFlags, WORKER_NODE_FLAGS } from './worker-heap';

const ROOT = join(__dirname, '../../..');

describe('the worker heap flags', () => {
  it('are passed by `npm run start:worker` and by docker-compose', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    for (const flag of WORKER_NODE_FLAGS) {
      expect(scripts['start:worker']).toContain(flag);
      expect(compose).toContain(`'${flag}'`);
    }
  });

  it('names the flags a process was started without', () => {
    const saved = process.env.NODE_OPTIONS;
    try {
      process.env.NODE_OPTIONS = WORKER_NODE_FLAGS[0];
      expect(missingWorkerNodeFlags()).toEqual(WORKER_NODE_FLAGS.slice(1));
      process.env.NODE_OPTIONS = WORKER_NODE_FLAGS.join(' ');
      expect(missingWorkerNodeFlags()).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  });
});
