import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { missingNodeFlags, NODE_FLAGS } from './node-flags';

const ROOT = join(__dirname, '../../../..');

describe('the Node flags of each process', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it.each(['api', 'worker'] as const)('are passed to the %s by its npm script and by docker-compose', (name) => {
    const commandOf = new RegExp(`command: \\[([^\\]]*dist/apps/${name}/src/main\\.js[^\\]]*)\\]`);
    const command = commandOf.exec(compose)?.[1] ?? '';
    for (const flag of NODE_FLAGS[name]) {
      expect(scripts[`start:${name}`]).toContain(flag);
      expect(command).toContain(`'${flag}'`);
    }
  });

  it("are passed to the API by the image's default command", () => {
    for (const flag of NODE_FLAGS.api) expect(dockerfile).toMatch(new RegExp(`^CMD \\[.*"${flag}".*\\]$`, 'm'));
  });

  it('names the flags a process was started without', () => {
    const saved = process.env.NODE_OPTIONS;
    try {
      process.env.NODE_OPTIONS = NODE_FLAGS.worker[0];
      expect(missingNodeFlags('worker')).toEqual(NODE_FLAGS.worker.slice(1));
      process.env.NODE_OPTIONS = NODE_FLAGS.worker.join(' ');
      expect(missingNodeFlags('worker')).toEqual([]);
      process.env.NODE_OPTIONS = '';
      expect(missingNodeFlags('api')).toEqual([...NODE_FLAGS.api]);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  });
});
