/**
 * Slow and unread CSV transfers cannot take the service from other apps: an
 * upload holds no database connection while its client is slow, transfers
 * are bounded per server and per app, a transfer that moves no byte is
 * aborted and gives its connection back, and a request that finds no free
 * connection gets 503 with Retry-After instead of hanging.
 */
import net from 'node:net';
import { newAppId, startTestServer, type TestServer } from '../support/harness';
import { authHeader } from './support';

/** An HTTP request on a raw socket, so a test can send a body slowly or never read the answer. */
async function openRequest(server: TestServer, appId: string, head: string): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  const { authorization } = await authHeader(appId);
  const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
  let text = '';
  socket.on('data', (data) => (text += data.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(head.replace('\r\n\r\n', `\r\nHost: localhost\r\nAuthorization: ${authorization}\r\n\r\n`));
  return { socket, received: () => text, closed };
}

/** POST /csv/import with a chunked body of which only the first bytes are sent. */
const startSlowUpload = async (server: TestServer, appId: string) => {
  const request = await openRequest(server, appId, 'POST /csv/import HTTP/1.1\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n');
  const start = 'email,name\na@';
  request.socket.write(`${Buffer.byteLength(start).toString(16)}\r\n${start}\r\n`);
  return request;
};

async function until<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('slow uploads', () => {
  let server: TestServer;
  beforeAll(async () => {
    // With every connection held, a read would get 503 after a second (DB_ACQUIRE_TIMEOUT) instead of its answer.
    server = await startTestServer({ CSV_MAX_CONCURRENT: '20', CSV_MAX_CONCURRENT_PER_APP: '20', DB_POOL_SIZE: '10', DB_ACQUIRE_TIMEOUT: '1s' });
  });
  afterAll(() => server.close());

  it('hold no database connection while their client is slow: another app reads, and /healthz answers, with ten open', async () => {
    const slowApp = newAppId();
    const uploads = await Promise.all(Array.from({ length: 10 }, () => startSlowUpload(server, slowApp)));
    try {
      // Every upload is read as far as it came, and waits for more.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const other = await server.client(newAppId(), 'viewer');
      const answer = await other.request('{ users(first: 5) { totalCount } }');
      expect(answer).toMatchObject({ status: 200, data: { users: { totalCount: 0 } } });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      for (const upload of uploads) upload.socket.destroy();
    }
    // Broken off: nothing of them is kept.
    await until('the uploads to be discarded', async () => {
      const [jobs] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_jobs WHERE app_id = $1', [slowApp]);
      return jobs!.n === 0;
    });
  });
});

describe('CSV_MAX_CONCURRENT and CSV_MAX_CONCURRENT_PER_APP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CSV_MAX_CONCURRENT: '2', CSV_MAX_CONCURRENT_PER_APP: '1' });
  });
  afterAll(() => server.close());

  it('bound the transfers under way: 429 for an app that has its own, 503 when the server has none left, both with Retry-After', async () => {
    const [first, second, third] = [newAppId(), newAppId(), newAppId()];
    const open = [await startSlowUpload(server, first)];
    try {
      // The upload holds its slot once the server has read its head: until then, on a busy machine, an export still gets one.
      const sameApp = await until('the upload to hold its slot', async () => {
        const probe = await fetch(`${server.url}/csv/export`, { headers: await authHeader(first) });
        if (probe.status === 429) return probe;
        await probe.arrayBuffer();
        return undefined;
      });
      expect(sameApp!.headers.get('retry-after')).toBe('5');
      expect(((await sameApp!.json()) as any).error).toEqual({
        code: 'RATE_LIMITED',
        message: 'This app already has 1 CSV uploads or exports under way (CSV_MAX_CONCURRENT_PER_APP); try again when one has ended',
      });
      open.push(await startSlowUpload(server, second));
      await until('both uploads to be under way', async () => {
        const probe = await fetch(`${server.url}/csv/export`, { headers: await authHeader(third) });
        await probe.arrayBuffer();
        return probe.status === 503 ? probe : undefined;
      }).then((full) => expect(full!.headers.get('retry-after')).toBe('5'));
    } finally {
      for (const upload of open) upload.socket.destroy();
    }
    // The slots come back when the transfers end.
    const again = await until('a free slot', async () => {
      const probe = await fetch(`${server.url}/csv/export`, { headers: await authHeader(third) });
      await probe.arrayBuffer();
      return probe.status === 200 ? probe : undefined;
    });
    expect(again!.headers.get('content-type')).toMatch(/^text\/csv/);
  });
});

describe('CSV_IDLE_TIMEOUT', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CSV_IDLE_TIMEOUT: '2s' });
  });
  afterAll(() => server.close());

  it('aborts an export whose client stops reading, and its COPY gives the connection back', async () => {
    const appId = newAppId();
    // Enough rows that the file overflows the socket buffers of both ends.
    await server.db.execute(
      `INSERT INTO users (app_id, email, name, profile)
       SELECT $1, 'unread' || g || '@example.com', repeat('Unread reader ', 8) || g, jsonb_build_object('note', repeat('x', 200))
         FROM generate_series(1, 60000) AS g`,
      [appId],
    );
    const request = await openRequest(server, appId, 'GET /csv/export HTTP/1.1\r\n\r\n');
    // The client takes the first bytes, then never reads again.
    await until('the export to start', () => request.received().length > 0);
    request.socket.pause();
    await until('the abort', () => server.logs.some((line) => /no byte moved for 2 s \(CSV_IDLE_TIMEOUT\)/.test(String(line.msg))));
    // Its COPY failed with the response, and the transaction's connection was dropped.
    await until('the COPY to end', () => server.logs.some((line) => line.msg === 'a CSV download stopped half way'));
    // What reached the client is a file cut off: no last chunk.
    request.socket.resume();
    await request.closed;
    expect(request.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(request.received().endsWith('0\r\n\r\n')).toBe(false);
    // The history has the export, and that it failed.
    const entries = await server.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE app_id = $1 AND action = 'csv.export' ORDER BY at, id`,
      [appId],
    );
    expect(entries.map((entry) => entry.details)).toEqual([{ filter: null }, { filter: null, status: 'FAILED' }]);
  });

  it('aborts an upload whose client sends nothing more, keeping nothing of it', async () => {
    const appId = newAppId();
    const upload = await startSlowUpload(server, appId);
    await until('the server to close the connection', () => upload.closed.then(() => true));
    const [jobs] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_jobs WHERE app_id = $1', [appId]);
    expect(jobs!.n).toBe(0);
  });
});

describe('DB_ACQUIRE_TIMEOUT', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DB_POOL_SIZE: '2', DB_ACQUIRE_TIMEOUT: '1s' });
  });
  afterAll(() => server.close());

  it('a request that finds every connection taken gives up with 503 and Retry-After, never hangs; it answers once one is free', async () => {
    const client = await server.client(newAppId(), 'viewer');
    const held = [await server.db.connect(), await server.db.connect()];
    try {
      const refused = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
        body: JSON.stringify({ query: '{ users(first: 5) { totalCount } }' }),
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      const body = (await refused.json()) as any;
      expect(body.errors[0]).toMatchObject({
        message: 'The service is busy or its database does not answer; try again in a few seconds',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
      const csv = await fetch(`${server.url}/csv/export`, { headers: await authHeader(newAppId()) });
      expect([csv.status, csv.headers.get('retry-after'), ((await csv.json()) as any).error.code]).toEqual([503, '5', 'SERVICE_UNAVAILABLE']);
    } finally {
      for (const connection of held) await connection.release();
    }
    expect(await client.request('{ users(first: 5) { totalCount } }')).toMatchObject({ status: 200, data: { users: { totalCount: 0 } } });
  });
});
