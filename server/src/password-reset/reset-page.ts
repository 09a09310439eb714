import express, { type Request, type Response, Router } from 'express';
import { AppError, routeStatusOf } from '../common/app-error';
import { MAX_PASSWORD, MIN_PASSWORD } from '../passwords/password-hasher';
import type { PasswordResetService } from './password-reset.service';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1f2328; }
  main { max-width: 26rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { box-sizing: border-box; width: 100%; font: inherit; padding: .5rem; margin-top: .25rem; border: 1px solid #8c959f; border-radius: 4px; }
  input:focus, button:focus { outline: 3px solid #0969da; outline-offset: 2px; }
  button { margin-top: 1.5rem; font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: 4px; background: #0969da; color: #fff; cursor: pointer; }
  .hint { color: #57606a; font-size: .9rem; margin: .25rem 0 0; }
  [role=alert] { border-left: 4px solid #cf222e; background: #ffebe9; padding: .5rem .75rem; }
  [role=status] { border-left: 4px solid #1a7f37; background: #dafbe1; padding: .5rem .75rem; }`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function form(token: string, problem?: string): string {
  return page(
    'Choose a new password',
    `<h1>Choose a new password</h1>
${problem ? `<p role="alert" id="problem">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/reset-password"${problem ? ' aria-describedby="problem"' : ''}>
  <input type="hidden" name="token" value="${escapeHtml(token)}">
  <label for="password">New password</label>
  <input id="password" name="password" type="password" autocomplete="new-password" required
         minlength="${MIN_PASSWORD}" maxlength="${MAX_PASSWORD}" aria-describedby="password-hint" autofocus>
  <p class="hint" id="password-hint">${MIN_PASSWORD} to ${MAX_PASSWORD} characters.</p>
  <label for="confirm">Repeat the new password</label>
  <input id="confirm" name="confirm" type="password" autocomplete="new-password" required
         minlength="${MIN_PASSWORD}" maxlength="${MAX_PASSWORD}">
  <button type="submit">Set password</button>
</form>`,
  );
}

const done = page('Password changed', `<h1>Password changed</h1><p role="status">Your new password is set. You can close this page and sign in with it.</p>`);

function send(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    })
    .send(html);
}

/**
 * The server's own reset page (the default RESET_URL): a plain form that
 * works without JavaScript, labelled for screen readers, posting back here.
 * The token stays in the form, never in a log line (the request log keeps
 * the path only).
 */
export function resetPasswordRoutes(resets: PasswordResetService): Router {
  const router = Router();
  router.get('/reset-password', (req: Request, res: Response) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    send(res, 200, form(token));
  });
  router.post('/reset-password', express.urlencoded({ extended: false, limit: '8kb' }), async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' ? body.token : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (password !== body.confirm) return send(res, 400, form(token, 'The two passwords are not the same.'));
    try {
      await resets.complete(req.ip ?? req.socket.remoteAddress ?? 'unknown', token, password);
      send(res, 200, done);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      send(res, routeStatusOf(error), form(token, error.message));
    }
  });
  return router;
}
