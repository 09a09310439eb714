/**
 * The emails a job has already accepted, to find the same email twice in one
 * file. A million strings in a JS Set cost about 80 MB; this keeps a 64-bit
 * hash and the row of each email in typed arrays instead (12 bytes a slot,
 * under 24 MB for a million rows). Two different emails sharing all 64 bits
 * is about a one-in-ten-million chance for a file of a million rows.
 */
export class EmailSet {
  private high: Uint32Array;
  private low: Uint32Array;
  /** The file row of each slot's email; 0 marks an empty slot (rows start at 2). */
  private rows: Uint32Array;
  private size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
  }

  /** Records `email` for `row`; returns the row that had it first, or 0 when it is new. */
  claim(email: string, row: number): number {
    if ((this.size + 1) * 2 > this.rows.length) this.grow();
    const [high, low] = hash(email);
    const mask = this.rows.length - 1;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      const earlier = this.rows[slot]!;
      if (earlier === 0) {
        this.high[slot] = high;
        this.low[slot] = low;
        this.rows[slot] = row;
        this.size += 1;
        return 0;
      }
      if (this.high[slot] === high && this.low[slot] === low) return earlier;
    }
  }

  private grow(): void {
    const { high, low, rows } = this;
    const capacity = rows.length * 2;
    const mask = capacity - 1;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
    for (let old = 0; old < rows.length; old += 1) {
      if (rows[old] === 0) continue;
      let slot = low[old]! & mask;
      while (this.rows[slot] !== 0) slot = (slot + 1) & mask;
      this.high[slot] = high[old]!;
      this.low[slot] = low[old]!;
      this.rows[slot] = rows[old]!;
    }
  }
}

/** Two independent 32-bit multiply–xorshift hashes of the UTF-16 code units. */
function hash(text: string): [number, number] {
  let a = 0x9e3779b9 ^ text.length;
  let b = 0x85ebca6b ^ text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0xcc9e2d51);
    a = (a << 15) | (a >>> 17);
    b = Math.imul(b ^ code, 0x1b873593);
    b = (b << 13) | (b >>> 19);
    b = Math.imul(b, 5) + 0xe6546b64;
  }
  return [finish(a), finish(b ^ 0x27d4eb2f)];
}

function finish(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
