// Bundles <user-manager> (Lit and the English words included) into widget/dist: the entry
// user-manager.js (a stub), the two chunks it imports at once (the element's code, and
// what it shares with what loads later), the chunk it imports when first needed, the dialogs an admin opens now and then (import,
// tag admin, …), and each other locale's catalogue as a module of its own
// (locales/de.js, …), imported when that locale is first shown. Relative imports only,
// so a host's bundler follows them too. Refuses a build whose first load (the entry
// and its static imports) is over the size budget. `node widget/scripts/build.js [--quiet]`.
const path = require('node:path');
const zlib = require('node:zlib');
const fs = require('node:fs');
const esbuild = require('esbuild');

const WIDGET_DIR = path.resolve(__dirname, '..');
const OUTDIR = path.join(WIDGET_DIR, 'dist');
const OUTFILE = path.join(OUTDIR, 'user-manager.js');

/**
 * Whitespace at the start of a line goes from the element's sources: it is
 * only indentation, except inside template literals, where HTML and CSS read
 * any run of whitespace as one space and the GraphQL documents as a separator.
 */
const indentation = {
  name: 'indentation',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => ({ contents: fs.readFileSync(args.path, 'utf8').replace(/\n[ \t]+/g, '\n'), loader: 'ts' }));
  },
};

const LOCALES_DIR = path.join(OUTDIR, 'locales');
/** The catalogues loaded on demand (src/i18n/locales.ts imports each as `./<locale>`). */
const LOCALES = ['de', 'ar'];

/** In the element's build, `import('./de')` stays an import of the catalogue built beside it. */
const catalogueImports = {
  name: 'catalogue-imports',
  setup(build) {
    const filter = new RegExp(`^\\./(${LOCALES.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.importer.endsWith(path.join('i18n', 'locales.ts')) ? { path: `./locales/${args.path.slice(2)}.js`, external: true } : undefined,
    );
  },
};

/**
 * The element's module as a second entry point, whose output is dropped:
 * code two entries reach goes into the chunk they share, so the entry
 * user-manager.js is left a few bytes that send the browser straight on to
 * that chunk, rather than 110 KB it must read before it finds the chunk.
 */
const SECOND_ENTRY = 'element-again';
const secondEntry = {
  name: SECOND_ENTRY,
  setup(build) {
    build.onResolve({ filter: new RegExp(`^${SECOND_ENTRY}$`) }, () => ({ path: SECOND_ENTRY, namespace: SECOND_ENTRY }));
    build.onLoad({ filter: /.*/, namespace: SECOND_ENTRY }, () => ({
      contents: `import ${JSON.stringify(path.join(WIDGET_DIR, 'src', 'user-manager.ts'))};`,
      resolveDir: WIDGET_DIR,
      loader: 'js',
    }));
  },
};

/** The modules a browser loads first: the entry and, transitively, what it imports statically (not `import()`). */
function firstLoad(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|[;}])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.\/[^"']+)["']/g)) visit(path.join(path.dirname(file), match[1]));
  };
  visit(entry);
  return [...seen];
}
/** The budget from the issue: one module, Lit bundled, at most 60 KB gzipped. */
const MAX_GZIPPED_BYTES = 60 * 1024;

async function buildWidget() {
  // Chunks of an earlier build (other hashes) go: dist holds this build only.
  fs.rmSync(LOCALES_DIR, { recursive: true, force: true });
  for (const file of fs.existsSync(OUTDIR) ? fs.readdirSync(OUTDIR) : []) {
    if (file.endsWith('.js')) fs.rmSync(path.join(OUTDIR, file));
  }
  const options = {
    tsconfig: path.join(WIDGET_DIR, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    // Below es2022 esbuild leaves decorator syntax in the output.
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  };
  // Each catalogue alone: plain data, no import of its own.
  await esbuild.build({ ...options, entryPoints: LOCALES.map((locale) => path.join(WIDGET_DIR, 'src', 'i18n', `${locale}.ts`)), outdir: LOCALES_DIR });
  await esbuild.build({
    ...options,
    entryPoints: [path.join(WIDGET_DIR, 'src', 'user-manager.ts'), SECOND_ENTRY],
    outdir: OUTDIR,
    splitting: true,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    plugins: [indentation, catalogueImports, secondEntry],
  });
  fs.rmSync(path.join(OUTDIR, `${SECOND_ENTRY}.js`));
  const gzip = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  const first = firstLoad(OUTFILE);
  const bytes = first.reduce((sum, file) => sum + fs.statSync(file).size, 0);
  const gzipped = first.reduce((sum, file) => sum + gzip(file), 0);
  const later = [...fs.readdirSync(OUTDIR), ...LOCALES.map((locale) => `locales/${locale}.js`)]
    .filter((file) => file.endsWith('.js') && !first.includes(path.join(OUTDIR, file)))
    .map((file) => ({ file, gzipped: gzip(path.join(OUTDIR, file)) }));
  return { outfile: OUTFILE, bytes, gzipped, first: first.map((file) => path.basename(file)), later };
}

module.exports = { buildWidget, firstLoad, OUTFILE, OUTDIR, LOCALES, MAX_GZIPPED_BYTES };

if (require.main === module) {
  buildWidget().then(
    ({ bytes, gzipped, first, later }) => {
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      if (!process.argv.includes('--quiet')) {
        process.stdout.write(`widget/dist first load (${first.join(' + ')}): ${kb(bytes)}, ${kb(gzipped)} gzipped (budget ${kb(MAX_GZIPPED_BYTES)})\n`);
        for (const chunk of later) process.stdout.write(`  loaded when needed: ${chunk.file}, ${kb(chunk.gzipped)} gzipped\n`);
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
