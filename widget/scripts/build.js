// Bundles <user-manager> into one ES module (Lit included) at widget/dist/user-manager.js
// and refuses a bundle over the size budget. `node widget/scripts/build.js [--quiet]`.
const path = require('node:path');
const zlib = require('node:zlib');
const fs = require('node:fs');
const esbuild = require('esbuild');

const WIDGET_DIR = path.resolve(__dirname, '..');
const OUTFILE = path.join(WIDGET_DIR, 'dist', 'user-manager.js');
/** The budget from the issue: one module, Lit bundled, at most 60 KB gzipped. */
const MAX_GZIPPED_BYTES = 60 * 1024;

async function buildWidget() {
  await esbuild.build({
    entryPoints: [path.join(WIDGET_DIR, 'src', 'user-manager.ts')],
    outfile: OUTFILE,
    tsconfig: path.join(WIDGET_DIR, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    // Below es2022 esbuild leaves decorator syntax in the output.
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  const bytes = fs.statSync(OUTFILE).size;
  const gzipped = zlib.gzipSync(fs.readFileSync(OUTFILE), { level: 9 }).length;
  return { outfile: OUTFILE, bytes, gzipped };
}

module.exports = { buildWidget, OUTFILE, MAX_GZIPPED_BYTES };

if (require.main === module) {
  buildWidget().then(
    ({ bytes, gzipped }) => {
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      if (!process.argv.includes('--quiet')) {
        process.stdout.write(`widget/dist/user-manager.js: ${kb(bytes)}, ${kb(gzipped)} gzipped (budget ${kb(MAX_GZIPPED_BYTES)})\n`);
      }
      if (gzipped > MAX_GZIPPED_BYTES) {
        process.stderr.write(`The widget bundle is ${kb(gzipped)} gzipped, over the ${kb(MAX_GZIPPED_BYTES)} budget\n`);
        process.exit(1);
      }
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
