import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The embedded default as `npm start` uses it, in child processes running the
 * built server code: a cluster whose Node process is killed outright keeps
 * running, and the next start must stop it and carry on with the same data.
 */

const dist = path.resolve(__dirname, '../dist/db/embedded-postgres.js');
let dir: string;
let port: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'user-manager-embedded-'));
  fs.chmodSync(dir, 0o755);
  port = await freePort();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const pidFile = path.join(dir, 'data', 'postgres', 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    try {
      process.kill(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGQUIT');
    } catch {
      // Already gone.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the cluster in a child process and resolves with its URL once it answers. */
function startInChild(): Promise<{ child: ChildProcess; url: string }> {
  const script = `
    require(${JSON.stringify(dist)}).startEmbeddedPostgres({ dir: ${JSON.stringify(path.join(dir, 'data'))}, port: ${port}, database: 'kept' })
      .then((cluster) => { process.stdout.write('READY ' + cluster.url + '\\n'); process.on('SIGTERM', () => cluster.stop().then(() => process.exit(0))); setInterval(() => {}, 1000); })
      .catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /READY (\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`the child exited with ${code}: ${output}`)));
  });
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

test('a cluster left running by a killed process is stopped and restarted with its data', async () => {
  const first = await startInChild();
  await query(first.url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('survives')");
  const stalePid = Number(fs.readFileSync(path.join(dir, 'data', 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));
  // Killed outright, the Node process could not stop its server.
  expect(() => process.kill(stalePid, 0)).not.toThrow();

  const second = await startInChild();
  expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'survives' }]);
  const newPid = Number(fs.readFileSync(path.join(dir, 'data', 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  expect(newPid).not.toBe(stalePid);
  expect(() => process.kill(stalePid, 0)).toThrow();

  second.child.kill('SIGTERM');
  await new Promise((resolve) => second.child.once('exit', resolve));
  expect(() => process.kill(newPid, 0)).toThrow();
}, 120_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as net.AddressInfo;
      server.close(() => resolve(free));
    });
  });
}
