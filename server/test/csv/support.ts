import { parseString } from '@fast-csv/parse';
import type { Role } from '../../src/auth/roles';
import { type GraphQLClient, type TestServer, tokens } from '../support/harness';

export interface ImportJobView {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  mode: string;
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  message: string | null;
  warnings: string[];
  errors: Array<{ row: number; column: string; message: string }>;
}

export const JOB_FIELDS = 'id status mode totalRows processedRows created updated unchanged failed message warnings errors(first: 1000) { row column message }';

export const authHeader = async (appId: string, role: Role = 'admin') => ({
  authorization: `Bearer ${await tokens.sign({ subject: `${role}@test`, appId, role })}`,
});

/** POST /csv/import as the app's admin; returns the status and JSON body. */
export async function postImport(server: { url: string }, appId: string, body: string | Buffer, mode = 'upsert') {
  const response = await fetch(`${server.url}/csv/import?mode=${mode}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...(await authHeader(appId)) },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as { jobId: string; status: string; totalRows: number | null; message: string | null; warnings: string[] },
  };
}

export async function job(client: GraphQLClient, id: string): Promise<ImportJobView> {
  const data = await client.ok<{ importJob: ImportJobView }>(`query ($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`, { id });
  return data.importJob;
}

/** Polls importJob until the job has ended. */
export async function waitForJob(client: GraphQLClient, id: string, timeoutMs = 60_000): Promise<ImportJobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await job(client, id);
    if (current.status === 'SUCCEEDED' || current.status === 'FAILED') return current;
    if (Date.now() > deadline) throw new Error(`Import job ${id} did not end: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Uploads a file and waits for its job to end. */
export async function importCsv(server: TestServer, appId: string, body: string | Buffer, mode = 'upsert'): Promise<ImportJobView> {
  const posted = await postImport(server, appId, body, mode);
  if (posted.status !== 202) throw new Error(`Import answered ${posted.status}: ${JSON.stringify(posted.body)}`);
  return waitForJob(await server.client(appId), posted.body.jobId);
}

/** GET a CSV route as the app's admin: the raw text (byte-order mark included). */
export async function getCsv(server: { url: string }, appId: string, route: string): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${server.url}${route}`, { headers: await authHeader(appId) });
  // Decoded keeping the byte-order mark, which response.text() would drop.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { status: response.status, text, type: response.headers.get('content-type') };
}

/** Parses CSV text (after its byte-order mark) into rows of cells. */
export function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text.replace(/^\uFEFF/, ''), { headers: false })
      .on('data', (row: string[]) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

/** An export as objects by column, in file order. */
export async function exportRows(server: TestServer, appId: string, filter?: unknown): Promise<Array<Record<string, string>>> {
  const query = filter === undefined ? '' : `?filter=${encodeURIComponent(JSON.stringify(filter))}`;
  const exported = await getCsv(server, appId, `/csv/export${query}`);
  if (exported.status !== 200) throw new Error(`Export answered ${exported.status}: ${exported.text}`);
  const [header, ...rows] = await parseCsv(exported.text);
  return rows.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index] ?? ''])));
}

/** A CSV file of `count` generated users. */
export function generatedCsv(count: number, options: { from?: number; name?: (n: number) => string; tags?: (n: number) => string } = {}): string {
  const from = options.from ?? 0;
  const lines = ['email,name,status,tags,signed_up_at'];
  for (let n = from; n < from + count; n += 1) {
    lines.push(
      `user${n}@example.com,${options.name?.(n) ?? `User ${n}`},${n % 20 === 0 ? 'BANNED' : 'ACTIVE'},${options.tags?.(n) ?? `bucket-${n % 7}`},2024-01-${String(1 + (n % 28)).padStart(2, '0')}T10:00:00Z`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Waits for a condition that follows a response by a moment (a log line written after the body ended). */
export async function eventually<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('The condition never held');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
