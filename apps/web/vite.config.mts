import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

import { defineConfig, type Plugin } from 'vite';

const outDir = resolve(process.env.WEB_OUT_DIR ?? resolve(import.meta.dirname, '../../dist/web'));

/** Writes .gz and .br beside each text file: the API serves them precompressed to slow phones. */
function precompress(): Plugin {
  return {
    name: 'albergue-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
        );
      for (const file of walk(outDir).filter((name) => /\.(js|css|html|svg|json)$/.test(name))) {
        const content = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(content));
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir, emptyOutDir: false, target: 'es2020', sourcemap: false },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [precompress()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
