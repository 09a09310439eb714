import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A host app of its own origin serving the pages the tests embed the element
 * in, as a real host would: the element comes from the API server as a
 * cross-origin module script and calls that server with CORS.
 */
export interface HostSite {
  origin: string;
  /** Serves `html` at `path` and returns its URL. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0]!);
    if (html === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page: (path, html) => {
      pages.set(path, html);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface EmbedOptions {
  /** The API server's base URL (serves the bundle and /graphql). */
  serverUrl: string;
  /** The GraphQL endpoint; the server's /graphql unless given. */
  endpoint?: string;
  token?: string;
  /** Extra attributes for <user-manager>, e.g. `page-size="5"`. */
  attributes?: string;
  /** A module script run before the element loads (e.g. setting tokenProvider or listeners). */
  script?: string;
  /** The page's own styles. */
  style?: string;
  /** The page's `lang` (en), or null for none. */
  lang?: string | null;
}

/** A host page with one <user-manager> pointed at the server. */
export function embedPage(options: EmbedOptions): string {
  const token = options.token ? ` token="${options.token}"` : '';
  return `<!doctype html>
<html${options.lang === null ? '' : ` lang="${options.lang ?? 'en'}"`}>
<head>
  <meta charset="utf-8">
  <title>Host app</title>
  <link rel="icon" href="data:,">
  ${options.style ? `<style>${options.style}</style>` : ''}
</head>
<body>
  <main>
    <h1>Host app</h1>
    <user-manager endpoint="${options.endpoint ?? `${options.serverUrl}/graphql`}"${token} ${options.attributes ?? ''}></user-manager>
  </main>
  ${options.script ? `<script type="module">${options.script}</script>` : ''}
  <script type="module" src="${options.serverUrl}/widget/user-manager.js"></script>
</body>
</html>`;
}
