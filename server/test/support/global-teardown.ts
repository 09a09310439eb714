import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const test = globalThis.testCluster;
  if (!test) return;
  // Each jest project (server, widget) runs this teardown; the first one stops the cluster.
  globalThis.testCluster = undefined;
  await test.cluster.stop();
  fs.rmSync(test.dir, { recursive: true, force: true });
}
