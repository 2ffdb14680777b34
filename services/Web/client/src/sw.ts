// The service worker: keeps the app's files so it opens with no connection, and nothing else. Records are kept in
// IndexedDB by the page; API answers are never cached here (they hold personal data and must be current).
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
// Every screen of the app is the same page; sign-in, the API and the login page go to the network.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), {
  denylist: [/^\/bff\//, /^\/connect\//, /^\/account\//, /^\/api/, /^\/health/, /^\/openapi/, /^\/scalar/],
}));
