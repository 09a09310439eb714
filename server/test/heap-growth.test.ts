import { limitHeapGrowth } from '../src/common/heap-growth';

test('the server limits heap growth unless its command line set a limit of its own', () => {
  expect(limitHeapGrowth(['--heap-growing-percent=50'])).toBe(false);
  expect(limitHeapGrowth(['--heap_growing_percent=50', '--enable-source-maps'])).toBe(false);
  expect(limitHeapGrowth(['--enable-source-maps'])).toBe(true);
});
