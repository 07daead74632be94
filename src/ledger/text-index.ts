// A set of strings, each with the line it was first seen on, kept in typed arrays outside the JavaScript
// heap. The import checks every referens of a file against all earlier ones; a Map of a million strings
// holds the garbage collector's heap at several hundred MB while the file streams through, this holds
// about 40 bytes per string and no objects at all.

const EMPTY = 0;

export class TextIndex {
  private chars = new Uint16Array(1 << 16); // the strings' UTF-16 code units, one after another
  private used = 0;
  private starts = new Int32Array(1 << 12); // per entry: where its text starts in chars
  private lengths = new Int32Array(1 << 12);
  private lines = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  private count = 0;
  private slots = new Int32Array(1 << 13); // open addressing: entry number + 1, or EMPTY
  private mask = (1 << 13) - 1;

  get size(): number {
    return this.count;
  }

  /** The line `text` was first seen on; if never, it is recorded as seen on `line` and undefined is returned. */
  firstLineOrAdd(text: string, line: number): number | undefined {
    const hash = hashOf(text);
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY) break;
      if (this.hashes[entry - 1] === hash && this.equals(entry - 1, text)) return this.lines[entry - 1];
      slot = (slot + 1) & this.mask;
    }
    this.add(text, line, hash, slot);
    return undefined;
  }

  private equals(entry: number, text: string): boolean {
    if (this.lengths[entry] !== text.length) return false;
    const start = this.starts[entry]!;
    for (let i = 0; i < text.length; i++) if (this.chars[start + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  private add(text: string, line: number, hash: number, slot: number): void {
    if (this.used + text.length > this.chars.length) this.chars = grown(this.chars, this.used + text.length);
    for (let i = 0; i < text.length; i++) this.chars[this.used + i] = text.charCodeAt(i);
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts, this.count + 1);
      this.lengths = grown(this.lengths, this.count + 1);
      this.lines = grown(this.lines, this.count + 1);
      this.hashes = grown(this.hashes, this.count + 1);
    }
    const entry = this.count++;
    this.starts[entry] = this.used;
    this.lengths[entry] = text.length;
    this.lines[entry] = line;
    this.hashes[entry] = hash;
    this.used += text.length;
    this.slots[slot] = entry + 1;
    // At most half full, so a lookup finds its slot or an empty one within a few steps.
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry]! & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry + 1;
    }
  }
}

/** A copy at least twice as large (and large enough for `needed`). */
function grown<T extends Uint16Array | Int32Array>(a: T, needed: number): T {
  let size = a.length * 2;
  while (size < needed) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** FNV-1a over the UTF-16 code units, with a final mix so that the low bits (the slot) are well spread. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}
