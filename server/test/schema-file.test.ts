import fs from 'node:fs';
import { currentSdl, SCHEMA_FILE } from '../src/cli/write-schema';

test('schema.graphql is the schema the code builds (run `npm run schema` after changing the API)', async () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await currentSdl());
});
