import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startClusterInChild } from './support/embedded-child';
import { freePort } from './support/free-port';

/**
 * The embedded default as `npm start` uses it, in child processes running the
 * built server code: a cluster whose Node process is killed outright keeps
 * running, and the next start must stop it and carry on with the same data.
 */

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

const startInChild = () => startClusterInChild({ dir: path.join(dir, 'data'), port, database: 'kept' }, children);

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
