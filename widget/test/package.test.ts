/**
 * The element as a package a host's build installs: `npm pack` gives a
 * tarball with the ES module, its declarations, the JSX typings and the
 * custom elements manifest (and nothing else); installed into a fresh
 * project, its types compile in a React and a Vue TSX file, and wrong uses
 * fail to compile. The manifest in the repository is what the analyzer
 * writes from the JSDoc now.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const WIDGET = path.resolve(__dirname, '..');
const ROOT = path.resolve(WIDGET, '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

let project: string;
let files: string[];

beforeAll(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'um-package-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: WIDGET, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = packed!.files.map((file) => file.path).sort();
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'host-app', private: true, type: 'module', dependencies: { '@user-manager/widget': `file:./${packed!.filename}` } }),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project });
}, 300_000);

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

test('the tarball holds the module, its declarations, the JSX typings and the manifest, and no sources', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'custom-elements.json',
      'dist/user-manager.js',
      'dist/types/user-manager.d.ts',
      'package.json',
      'types/react.d.ts',
      'types/vue.d.ts',
    ]),
  );
  expect(files.filter((file) => file.startsWith('src/') || file.startsWith('test/') || file.endsWith('.map'))).toEqual([]);
  const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/@user-manager/widget/package.json'), 'utf8'));
  expect(installed.customElements).toBe('custom-elements.json');
  expect(installed.exports['.']).toMatchObject({ types: './dist/types/user-manager.d.ts', default: './dist/user-manager.js' });
});

/** Compiles `source` in the host project with its own tsconfig; the compiler's complaints, or '' when it compiled. */
async function compile(name: string, source: string, compilerOptions: Record<string, unknown>): Promise<string> {
  fs.writeFileSync(path.join(project, name), source);
  const config = `tsconfig.${name}.json`;
  fs.writeFileSync(
    path.join(project, config),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: [],
        // The frameworks' own types come from this repository's node_modules (they are its devDependencies).
        paths: {
          react: [path.join(ROOT, 'node_modules/@types/react')],
          'react/*': [path.join(ROOT, 'node_modules/@types/react/*')],
          vue: [path.join(ROOT, 'node_modules/vue')],
          'vue/*': [path.join(ROOT, 'node_modules/vue/*')],
        },
        ...compilerOptions,
      },
      files: [name],
    }),
  );
  try {
    await run(process.execPath, [TSC, '-p', config], { cwd: project });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

test('its types compile in a React 19 TSX file: attributes, properties, events and the element class', async () => {
  const complaints = await compile(
    'admin.tsx',
    `import '@user-manager/widget';
import type {} from '@user-manager/widget/react';
import type { UserManager } from '@user-manager/widget';
import { useRef } from 'react';

export function Admin() {
  const ref = useRef<UserManager>(null);
  return (
    <user-manager
      ref={ref}
      endpoint="/graphql"
      page-size={25}
      columns="name,email,plan,tags,last-access"
      url-state
      locale="de"
      onum-status-change={(event) => console.log(event.detail.userIds.length, event.detail.status)}
    />
  );
}

// @ts-expect-error theme is light or dark
export const wrongTheme = <user-manager theme="blue" />;

const element: UserManager = document.createElement('user-manager');
element.pageSize = 100;
element.addEventListener('um-import-complete', (event) => console.log(event.detail.created + event.detail.failed));
// @ts-expect-error the page size is a number
element.pageSize = 'many';
element.messages = { 'app.addUser': 'Invite someone', 'bulk.selected': { one: 'One picked', other: '{count} picked' } };
// @ts-expect-error a message is named by a key of the English catalogue
element.messages = { 'no.such.key': 'Hello' };
`,
    { jsx: 'react-jsx' },
  );
  expect(complaints).toBe('');
});

test("its types compile in a Vue TSX file through Vue's GlobalComponents", async () => {
  const complaints = await compile(
    'admin-vue.tsx',
    `import type {} from '@user-manager/widget/vue';
import type { GlobalComponents } from 'vue';

const UserManager = null as unknown as GlobalComponents['UserManager'];
export const admin = <UserManager endpoint="/graphql" pageSize={25} urlState locale="ar" onUmError={(event) => console.log(event.detail.code)} />;

// @ts-expect-error the page size is a number
export const wrong = <UserManager pageSize="many" />;
`,
    { jsx: 'preserve', jsxImportSource: 'vue' },
  );
  expect(complaints).toBe('');
});

test('custom-elements.json is what the analyzer writes from the JSDoc now', async () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'um-manifest-'));
  try {
    await run(
      process.execPath,
      [path.join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--outdir', path.relative(WIDGET, outdir)],
      { cwd: WIDGET },
    );
    const fresh = fs.readFileSync(path.join(outdir, 'custom-elements.json'), 'utf8');
    expect(fresh).toBe(fs.readFileSync(path.join(WIDGET, 'custom-elements.json'), 'utf8'));
    const manifest = JSON.parse(fresh);
    const element = manifest.modules
      .flatMap((module: { declarations?: unknown[] }) => module.declarations ?? [])
      .find((declaration: { tagName?: string }) => declaration.tagName === 'user-manager');
    expect(element.attributes.map((attribute: { name: string }) => attribute.name)).toEqual(
      expect.arrayContaining(['endpoint', 'token', 'page-size', 'theme', 'columns', 'url-state']),
    );
    expect(element.events.map((event: { name: string }) => event.name)).toEqual(expect.arrayContaining(['um-status-change', 'um-error']));
    expect(element.cssParts.map((part: { name: string }) => part.name)).toEqual(expect.arrayContaining(['table', 'row', 'pager']));
    expect(element.cssProperties.map((property: { name: string }) => property.name)).toContain('--um-color-accent');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
