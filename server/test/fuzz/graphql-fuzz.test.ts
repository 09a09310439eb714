import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLObjectType,
} from 'graphql';
import { CREATE_USER, createTag, seeded } from '../support/fixtures';
import { createFuzzFields } from './fuzz-app';
import { type GraphQLClient, newAppId, startTestServer, type TestServer } from '../support/harness';

/**
 * A schema-aware fuzzer: random operations built from schema.graphql —
 * every root field, arguments of every type with values a careless or
 * hostile client sends (out-of-range numbers, junk ids, control and
 * bidirectional characters, prototype keys, huge strings and lists, wrong
 * enum values, nulls where values are required), inline or as variables,
 * random selections — sent by every role. No answer may be a 500 or carry
 * internal error text, the server logs no unexpected error, and it is
 * healthy after. The seed is printed; FUZZ_SEED replays a run.
 */

const OPERATIONS = 400;
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const schema = buildSchema(fs.readFileSync(path.resolve(__dirname, '../../../schema.graphql'), 'utf8'));

/** What must never reach a client: the database's words, stack frames, JavaScript's own errors. */
const INTERNAL =
  /relation "|column "|syntax error at|violates|duplicate key|\bpg_|node_modules|\.ts:\d+|\bat [\w.]+ \(|TypeError|ReferenceError|Cannot read prop|undefined is not|Internal server error/i;

let server: TestServer;
const clients = new Map<string, GraphQLClient>();
const ids: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const appId = newAppId();
  const admin = await server.client(appId, 'admin');
  await createFuzzFields(admin);
  for (const name of ['VIP', 'Beta', 'Straße']) ids.push((await createTag(admin, name)).id);
  for (let index = 0; index < 15; index += 1) {
    ids.push(
      (await admin.ok(CREATE_USER, { input: { email: `fuzz${index}@example.com`, name: `Fuzz ${index}`, profile: { plan: 'Pro', age: index } } })).createUser
        .id,
    );
  }
  for (const role of ['viewer', 'manager', 'admin', 'service'] as const) clients.set(role, await server.client(appId, role));
  clients.set('anonymous', server.anonymous());

  console.log(`GraphQL fuzzer: ${OPERATIONS} operations, FUZZ_SEED=${SEED}`);
}, 60_000);
afterAll(() => server.close());

class Generator {
  private variables: Record<string, unknown> = {};
  private declarations: string[] = [];

  constructor(private readonly random: () => number) {}

  chance = (p: number) => this.random() < p;
  pick = <T>(items: readonly T[]): T => items[Math.floor(this.random() * items.length)]!;

  operation(): { query: string; variables: Record<string, unknown>; label: string } {
    this.variables = {};
    this.declarations = [];
    const kind = this.chance(0.5) ? 'query' : 'mutation';
    const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    const fields = Object.values(root.getFields());
    const selections = Array.from({ length: this.chance(0.8) ? 1 : 2 + Math.floor(this.random() * 3) }, (_, index) => {
      const field = this.pick(fields);
      return `f${index}: ${this.fieldSelection(field, 0)}`;
    });
    const header = this.declarations.length > 0 ? `(${this.declarations.join(', ')})` : '';
    return { query: `${kind} Fuzz${header} { ${selections.join(' ')} }`, variables: this.variables, label: selections.join(' ').slice(0, 200) };
  }

  private fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): string {
    const args = field.args.filter((arg) => isNonNullType(arg.type) || this.chance(0.5)).map((arg) => `${arg.name}: ${this.argument(arg)}`);
    const call = `${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
    const type = getNamedType(field.type);
    if (isLeafType(type)) return call;
    return `${call} { ${this.selectionOf(type as GraphQLObjectType, depth + 1)} }`;
  }

  private selectionOf(type: GraphQLObjectType, depth: number): string {
    if (!isObjectType(type)) return '__typename';
    const fields = Object.values(type.getFields()).filter((field) => depth < 4 || isLeafType(getNamedType(field.type)));
    if (fields.length === 0) return '__typename';
    const chosen = new Set(Array.from({ length: 1 + Math.floor(this.random() * 4) }, () => this.pick(fields)));
    return [...chosen].map((field) => this.fieldSelection(field, depth)).join(' ');
  }

  private argument(arg: GraphQLArgument): string {
    const value = this.value(arg.type, 0);
    if (this.chance(0.5)) {
      const name = `v${this.declarations.length}`;
      this.declarations.push(`$${name}: ${String(arg.type)}`);
      this.variables[name] = value;
      return `$${name}`;
    }
    return literal(value, arg.type);
  }

  value(type: GraphQLInputType, depth: number): unknown {
    if (isNonNullType(type)) return this.chance(0.03) ? null : this.value(type.ofType, depth);
    if (this.chance(0.08)) return null;
    if (isListType(type)) {
      const length = this.chance(0.05) ? 2_000 + Math.floor(this.random() * 12_000) : Math.floor(this.random() * 4);
      return Array.from({ length }, () => this.value(type.ofType, depth + 1));
    }
    if (isEnumType(type)) return this.chance(0.05) ? this.pick(['__proto__', 'constructor', 'NOPE']) : this.pick(type.getValues()).value;
    if (isInputObjectType(type)) {
      const object: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        if (depth < 3 && (isNonNullType(field.type) || this.chance(0.5))) object[field.name] = this.value(field.type, depth + 1);
      }
      return object;
    }
    if (isScalarType(type)) return this.scalar(type.name);
    return null;
  }

  private scalar(name: string): unknown {
    switch (name) {
      case 'Int':
        return this.pick([0, 1, -1, 2, 50, 500, 501, 1_000, 2 ** 31 - 1, -(2 ** 31), Math.floor(this.random() * 100_000) - 50_000]);
      case 'Float':
        return this.pick([0, -0.5, 1e308, 3.14, -1e-9]);
      case 'Boolean':
        return this.chance(0.5);
      case 'ID':
        return this.pick([
          ...ids,
          ...ids,
          '00000000-0000-7000-8000-000000000000',
          'not-an-id',
          '',
          'constructor',
          `${this.pick(ids)} `,
          'ffffffff-ffff-ffff-ffff-ffffffffffff',
        ]);
      case 'DateTime':
        return this.pick([
          '2024-05-01T10:00:00Z',
          '0000-01-01T00:00:00Z',
          '9999-12-31T23:59:59Z',
          '2024-02-30T00:00:00Z',
          'yesterday',
          '2030-01-01T00:00:00+14:00',
          '',
        ]);
      case 'JSONObject':
        return this.pick<Record<string, unknown>>([
          {},
          { plan: 'pro', age: 41 },
          { plan: 'Enterprise' },
          { age: 'old', vip: 'yes', born: '1999-02-29' },
          { constructor: 'x', __proto__: { polluted: true } },
          { ['x'.repeat(300)]: 1 },
          { born: '1999-12-31', vip: true, constructor: 'y'.repeat(5_000) },
        ]);
      default:
        return this.text();
    }
  }

  text(): string {
    return this.pick([
      '',
      ' ',
      'a',
      'Ada Lovelace',
      'fuzz1@example.com',
      'q1 zz1',
      'x'.repeat(this.chance(0.5) ? 101 : 70_000),
      'Ada \u202Eecalevol',
      'nul\u0000byte',
      'line\u2028break',
      "'; DROP TABLE users; --",
      '%_\\',
      '__proto__',
      'constructor',
      '👩\u200D💻',
      'Cafe\u0301',
      '\uD800',
      'https://example.com/reset?token=',
      '#ff00ff',
      'a@b',
      '{"json": true}',
      '1'.repeat(43),
    ]);
  }
}

/** A value written as a GraphQL literal of its type. */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  const named = getNamedType(type);
  if (Array.isArray(value))
    return `[${value.map((item) => literal(item, isListType(nullable(type)) ? (nullable(type) as { ofType: GraphQLInputType }).ofType : type)).join(', ')}]`;
  if (isEnumType(named) && typeof value === 'string') return /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : undefined;
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(key) ? key : 'bad_key'}: ${literal(item, fields?.[key]?.type ?? named)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

const nullable = (type: GraphQLInputType): GraphQLInputType => (isNonNullType(type) ? type.ofType : type);

test(`${OPERATIONS} random operations from the schema: no 500, no internal error text, and the server stays healthy`, async () => {
  const generator = new Generator(seeded(SEED));
  const roles = [...clients.keys()];
  const failures: string[] = [];
  const logged = server.logs.length;
  for (let index = 0; index < OPERATIONS; index += 1) {
    const { query, variables, label } = generator.operation();
    const role = generator.pick(roles);
    const response = await clients.get(role)!.request(query, variables);
    const bad = (response.errors ?? []).filter((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR' || INTERNAL.test(error.message));
    if (response.status >= 500 || bad.length > 0) {
      failures.push(`#${index} as ${role} (${response.status}): ${label}\n  ${JSON.stringify(bad.length > 0 ? bad : response.errors)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(server.logs.slice(logged).filter((line) => Number(line.level) >= 50)).toEqual([]);
  const health = await fetch(`${server.url}/healthz`);
  expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
}, 300_000);
