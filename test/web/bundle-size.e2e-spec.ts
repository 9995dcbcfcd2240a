import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { buildWebApp } from '../support/web-build';

/** What a phone on a weak connection downloads before the first screen: the budget of issue 9. */
const INITIAL_JS_BUDGET_BYTES = 150 * 1024;

/** The scripts index.html loads at once: module entries and the chunks it preloads (not lazy ones). */
function initialScripts(indexHtml: string): string[] {
  const scripts = [...indexHtml.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]);
  const preloads = [...indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (match) => match[1],
  );
  return [...new Set([...scripts, ...preloads])];
}

describe('the web app bundle', () => {
  it('keeps the initial JavaScript at or under 150 KB gzipped', () => {
    const web = buildWebApp();
    try {
      const scripts = initialScripts(readFileSync(join(web.dir, 'index.html'), 'utf8'));
      expect(scripts.length).toBeGreaterThan(0);
      const gzipped = scripts.reduce(
        (total, src) => total + gzipSync(readFileSync(join(web.dir, src.replace(/^\//, '')))).length,
        0,
      );
      process.stdout.write(
        `web app: initial JavaScript ${(gzipped / 1024).toFixed(1)} KB gzipped ` +
          `(${scripts.length} file(s); budget ${INITIAL_JS_BUDGET_BYTES / 1024} KB)\n`,
      );
      expect(gzipped).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
    } finally {
      web.remove();
    }
  });
});
