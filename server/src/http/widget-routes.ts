import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import express, { type Request, type Response } from 'express';

/** The widget workspace, found as the package it is (npm links it into node_modules), wherever this file was compiled to. */
export const WIDGET_DIR = path.dirname(require.resolve('@user-manager/widget/package.json'));
export const WIDGET_DIST = path.join(WIDGET_DIR, 'dist');
export const WIDGET_BUNDLE = path.join(WIDGET_DIST, 'user-manager.js');
/** The element's entry, the chunks it imports (`chunk-<hash>.js`, `later-dialogs-<hash>.js`) and the catalogues (`locales/de.js`). */
const WIDGET_FILE = /^\/widget\/((?:locales\/)?[A-Za-z0-9_-]+\.js)$/;
/** A chunk's name carries the hash of its content: it never changes under that name. */
const HASHED = /-[A-Z0-9]{8}\.js$/;
const DEMO_PAGE = path.join(WIDGET_DIR, 'demo', 'index.html');
const TOKEN_PLACEHOLDER = '%UM_DEMO_TOKEN%';

/** Browsers reuse the entry and the catalogues for ten minutes, then revalidate them with their ETag; a hashed chunk for a year. */
const BUNDLE_CACHE_CONTROL = 'public, max-age=600';
const HASHED_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface WidgetRouteOptions {
  /** Production serves the bundle only: no demo page. */
  production: boolean;
  /** The token the demo page embeds (development). */
  demoToken?: string;
  /** A fresh demo token, for the demo page to renew its own before it ends (development). */
  renewDemoToken?: () => Promise<string>;
  /** Where the built element is (widget/dist). */
  distDir?: string;
}

interface Bundle {
  mtimeMs: number;
  size: number;
  etag: string;
  body: Buffer;
  gzipped: Buffer;
}

/**
 * GET /widget/user-manager.js — the built element (and the chunks and
 * catalogues it imports, beside it), with an ETag, a cache lifetime, gzip
 * when accepted, and open to every origin (host pages load it as a
 * cross-origin module script; the API itself is what CORS_ORIGINS guards).
 * GET / — outside production, the demo host page embedding it with a short-lived development token,
 * and POST /demo/token, where the page renews it.
 */
export function widgetRoutes(options: WidgetRouteOptions): express.Router {
  const router = express.Router();
  const distDir = options.distDir ?? WIDGET_DIST;
  const cache = new Map<string, Bundle>();

  const loadBundle = (file: string): Bundle | undefined => {
    const filePath = path.join(distDir, file);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch {
      return undefined;
    }
    // A rebuild (npm run build) is picked up without a restart.
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const body = fs.readFileSync(filePath);
    const loaded = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      body,
      gzipped: zlib.gzipSync(body, { level: 9 }),
    };
    cache.set(file, loaded);
    return loaded;
  };

  router.get(WIDGET_FILE, (req: Request, res: Response, next) => {
    const file = WIDGET_FILE.exec(req.path)?.[1] ?? '';
    const bundle = loadBundle(file);
    if (!bundle) {
      if (file !== 'user-manager.js') return next();
      res.status(503).json({ error: { code: 'WIDGET_NOT_BUILT', message: 'The widget is not built: run npm run build' } });
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', HASHED.test(file) ? HASHED_CACHE_CONTROL : BUNDLE_CACHE_CONTROL);
    res.setHeader('ETag', bundle.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (matchesEtag(req.headers['if-none-match'], bundle.etag)) {
      res.status(304).end();
      return;
    }
    res.type('text/javascript; charset=utf-8');
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.send(gzip ? bundle.gzipped : bundle.body);
  });

  if (!options.production) {
    router.get('/', (_req: Request, res: Response) => {
      let page: string;
      try {
        page = fs.readFileSync(DEMO_PAGE, 'utf8');
      } catch {
        res.status(404).json({ error: { code: 'NOT_FOUND', message: 'The demo page is missing' } });
        return;
      }
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(page.replace(TOKEN_PLACEHOLDER, escapeAttribute(options.demoToken ?? '')));
    });
    // Same origin only (no CORS header): a page of another origin can ask, but never read the answer.
    const renew = options.renewDemoToken;
    if (renew) {
      router.post('/demo/token', async (_req: Request, res: Response) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json({ token: await renew() });
      });
    }
  }
  return router;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
