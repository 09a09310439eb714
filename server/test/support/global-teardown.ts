import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const test = globalThis.testCluster;
  if (!test) return;
  await test.cluster.stop();
  fs.rmSync(test.dir, { recursive: true, force: true });
}
