import type { GraphQLClient } from './harness';

/** Our own fold for expectations: lower case without accents (what `um_fold` does in SQL). */
export function fold(text: string): string {
  return text.replace(/[øØ]/g, 'o').replace(/ß/g, 'ss').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A deterministic random source for test data. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CREATE_TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) { id name color } }`;
export const CREATE_FIELD = `mutation($input: CreateProfileFieldInput!) { createProfileField(input: $input) { id key } }`;
export const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email name status profile signedUpAt tagCount } }`;

export async function createTag(client: GraphQLClient, name: string, color?: string): Promise<{ id: string; name: string }> {
  const data = await client.ok(CREATE_TAG, { input: { name, color } });
  return data.createTag;
}
