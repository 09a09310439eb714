import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { schemaSdl } from '../graphql/schema';
import { createSchema, type Services } from '../server';

/** Services that must never be called: building the schema only reads the resolver classes. */
const notCalled = new Proxy({} as Services, {
  get: (_target, name) => {
    throw new Error(`Writing the schema needs no services, yet ${String(name)} was used`);
  },
});

export const SCHEMA_FILE = path.resolve(__dirname, '../../../schema.graphql');

export async function currentSdl(): Promise<string> {
  return schemaSdl(await createSchema(notCalled));
}

if (require.main === module) {
  currentSdl()
    .then((sdl) => {
      fs.writeFileSync(SCHEMA_FILE, sdl);
      process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
    })
    .catch((error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
