import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Builds apps/web into a fresh temporary folder (as `npm run build:web` does into dist/web). */
export function buildWebApp(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'albergue-web-'));
  const build = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, env: { ...process.env, WEB_OUT_DIR: dir }, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`the web app did not build:\n${build.stdout}\n${build.stderr}`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
