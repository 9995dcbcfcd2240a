/**
 * The service worker of the offline shell: the app's own files (index.html and the built assets,
 * listed at build time) are kept in a cache, so the desk opens and reloads with no connection.
 * The API is never cached nor touched: its requests go straight to the network, as without a
 * service worker. Every navigation tries the network first (a new build is seen at once) and
 * falls back to the kept index.html when there is no answer within a few seconds.
 */

interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;

/** Replaced at build time (vite.config.mts) by the shell's files: '/', the assets, the manifest. */
const PRECACHE: string[] = JSON.parse('__ALBERGUE_PRECACHE__');
const VERSION = '__ALBERGUE_VERSION__';
const CACHE = `albergue-shell-${VERSION}`;
const SHELL = '/';
const NAVIGATION_TIMEOUT_MS = 4000;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('albergue-shell-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => scope.clients.claim()),
  );
});

/** The network's answer, or null when there is none in time. */
function fromNetwork(request: Request, timeoutMs: number): Promise<Response | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        resolve(response);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

async function openPage(request: Request): Promise<Response> {
  const fresh = await fromNetwork(request, NAVIGATION_TIMEOUT_MS);
  if (fresh && fresh.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(SHELL, fresh.clone());
    return fresh;
  }
  const kept = await caches.match(SHELL);
  return kept ?? fresh ?? Response.error();
}

async function shellFile(request: Request): Promise<Response> {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  // Hashed assets never change under their name: one loaded later (a lazy screen) is kept too.
  if (response.ok && new URL(request.url).pathname.startsWith('/assets/')) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') event.respondWith(openPage(request));
  else if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname))
    event.respondWith(shellFile(request));
});

// A module, so its names do not meet the page's globals (the DOM's `navigation`).
export {};
