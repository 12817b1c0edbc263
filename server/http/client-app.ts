import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { PROJECT_ROOT } from '../shared/paths';

/** Where `npx vite build --config client/vite.config.mts` writes the web client. */
const CLIENT_DIST = path.join(PROJECT_ROOT, 'client', 'dist');

/**
 * Serves the built web client, or nothing when it has not been built (API-only deployments and most tests). Hashed
 * assets are cached for a year; every other non-API GET that asks for HTML answers index.html (the client routes it).
 * /api paths, and requests that do not prefer HTML, are left to the API, so unknown ones stay problem+json 404s.
 */
export function clientApp(dist = CLIENT_DIST): Router | undefined {
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) return undefined;
  const router = express.Router();
  router.use('/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.use(express.static(dist, { index: false, maxAge: 0 }));
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/api' || req.path.startsWith('/api/') || req.path.startsWith('/assets/')) return next();
    // only for browsers (which ask for HTML first); API clients and bare requests keep the problem+json 404
    if (req.accepts(['json', 'html']) !== 'html') return next();
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
