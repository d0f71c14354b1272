/*
 * The kiosk app's service worker (built into sw.js by build/pwa.ts, which fills in the two
 * constants). It keeps the app shell, so the app starts with no network once it has been
 * opened, and answers from what it keeps first: a community hall's Wi-Fi that hangs must not
 * hold the volunteer's screen. A new build has a new cache name, taken at the next start.
 * The API is never kept: events wait in IndexedDB, not here.
 */
const CACHE = 'kiosk-shell-__VERSION__';
const SHELL = __SHELL__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith('kiosk-shell-') && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // Every page of the app is the one page: the address's query and fragment are the app's business.
  const key = request.mode === 'navigate' ? new URL('index.html', scope).href : request;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key, { ignoreSearch: request.mode === 'navigate' }))
      .then((kept) => kept || fetch(request)),
  );
});
