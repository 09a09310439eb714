import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import express, { type Request, type Response } from 'express';

/** The widget workspace, found as the package it is (npm links it into node_modules), wherever this file was compiled to. */
export const WIDGET_DIR = path.dirname(require.resolve('@user-manager/widget/package.json'));
export const WIDGET_BUNDLE = path.join(WIDGET_DIR, 'dist', 'user-manager.js');
const DEMO_PAGE = path.join(WIDGET_DIR, 'demo', 'index.html');
const TOKEN_PLACEHOLDER = '%UM_DEMO_TOKEN%';

/** Browsers reuse the bundle for ten minutes, then revalidate it with its ETag. */
const BUNDLE_CACHE_CONTROL = 'public, max-age=600';

export interface WidgetRouteOptions {
  /** Production serves the bundle only: no demo page. */
  production: boolean;
  /** The token the demo page embeds (development). */
  demoToken?: string;
  /** A fresh demo token, for the demo page to renew its own before it ends (development). */
  renewDemoToken?: () => Promise<string>;
  bundlePath?: string;
}

interface Bundle {
  mtimeMs: number;
  size: number;
  etag: string;
  body: Buffer;
  gzipped: Buffer;
}

/**
 * GET /widget/user-manager.js — the built element, with an ETag, a short
 * cache lifetime, gzip when accepted, and open to every origin (host pages
 * load it as a cross-origin module script; the API itself is what CORS_ORIGINS guards).
 * GET / — outside production, the demo host page embedding it with a short-lived development token,
 * and POST /demo/token, where the page renews it.
 */
export function widgetRoutes(options: WidgetRouteOptions): express.Router {
  const router = express.Router();
  const bundlePath = options.bundlePath ?? WIDGET_BUNDLE;
  let cached: Bundle | undefined;

  const loadBundle = (): Bundle | undefined => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(bundlePath);
    } catch {
      return undefined;
    }
    // A rebuild (npm run build) is picked up without a restart.
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const body = fs.readFileSync(bundlePath);
    cached = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      body,
      gzipped: zlib.gzipSync(body, { level: 9 }),
    };
    return cached;
  };

  router.get('/widget/user-manager.js', (req: Request, res: Response) => {
    const bundle = loadBundle();
    if (!bundle) {
      res.status(503).json({ error: { code: 'WIDGET_NOT_BUILT', message: 'The widget is not built: run npm run build' } });
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', BUNDLE_CACHE_CONTROL);
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
