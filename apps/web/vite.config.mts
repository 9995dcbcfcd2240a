import { createHash } from 'node:crypto';
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

/** Files of public/ the shell needs offline besides the built ones. */
const PUBLIC_SHELL = ['/manifest.webmanifest', '/icon.svg'];

/**
 * The service worker (src/sw.ts, built as /sw.js beside index.html, never hashed: the browser
 * looks for it by name) learns the shell's files from the build: '/', every built asset and the
 * manifest, and a version that changes with them, so a new build replaces the old cache.
 */
function serviceWorker(): Plugin {
  return {
    name: 'albergue-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const worker = bundle['sw.js'];
      if (!worker || worker.type !== 'chunk') this.error('the service worker was not built');
      const files = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/'))
        .sort()
        .map((name) => `/${name}`);
      const precache = ['/', ...files, ...PUBLIC_SHELL];
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 16);
      worker.code = worker.code
        // The minifier may quote the placeholder with any of the three quotes.
        .replace(/(["'`])__ALBERGUE_PRECACHE__\1/, JSON.stringify(JSON.stringify(precache)))
        .replace('__ALBERGUE_VERSION__', version);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2020',
    sourcemap: false,
    rollupOptions: {
      input: { index: resolve(import.meta.dirname, 'index.html'), sw: resolve(import.meta.dirname, 'src/sw.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [serviceWorker(), precompress()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
