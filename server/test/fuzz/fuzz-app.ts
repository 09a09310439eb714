import type { GraphQLClient } from '../support/harness';

/**
 * The profile fields both fuzzers aim at: one of each type, a select whose
 * value must be one of its options, and a field keyed like a member of
 * Object's prototype. `required` names the fields a new user must give.
 */
export async function createFuzzFields(admin: GraphQLClient, required: readonly string[] = []): Promise<void> {
  for (const [key, type, options] of [
    ['plan', 'SELECT', ['Free', 'Pro']],
    ['age', 'NUMBER', null],
    ['vip', 'BOOLEAN', null],
    ['born', 'DATE', null],
    ['constructor', 'TEXT', null],
  ] as const) {
    await admin.ok('mutation($input: CreateProfileFieldInput!) { createProfileField(input: $input) { id } }', {
      input: { key, label: key, type, required: required.includes(key), ...(options ? { options } : {}) },
    });
  }
}
