/** Where the newest copy of a session is: the snapshot (0) or the journal (1), byte range. */
export interface Where { file: 0 | 1; offset: number; length: number; updatedAt: number; /** changes whenever the key's place changes */ seq: number }

const INITIAL_SLOTS = 1024;
/** Shared by every index, so a place read from an index replaced since (a compaction) never looks current. */
let lastSeq = 0;

/**
 * key → Where for every stored session, flat: one Map from key to a slot number and one typed
 * array per field, instead of one object (and one boxed updatedAt) per session. With 100 k users
 * this is ~12 MB of heap instead of ~29 MB. Iteration order is the keys' insertion order (a key
 * set again keeps its place), as with a Map.
 */
export class SessionIndex {
  private readonly slots = new Map<string, number>();
  private free: number[] = [];
  private file = new Uint8Array(INITIAL_SLOTS);
  private offset = new Float64Array(INITIAL_SLOTS);
  private length = new Uint32Array(INITIAL_SLOTS);
  private updated = new Float64Array(INITIAL_SLOTS);
  private seqs = new Float64Array(INITIAL_SLOTS);
  private nextSlot = 0;

  get size(): number {
    return this.slots.size;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  get(key: string): Where | undefined {
    const i = this.slots.get(key);
    return i === undefined ? undefined : this.at(i);
  }

  set(key: string, w: Omit<Where, 'seq'>): void {
    let i = this.slots.get(key);
    if (i === undefined) {
      i = this.free.pop() ?? this.grow();
      this.slots.set(key, i);
    }
    this.file[i] = w.file;
    this.offset[i] = w.offset;
    this.length[i] = w.length;
    this.updated[i] = w.updatedAt;
    this.seqs[i] = ++lastSeq;
  }

  delete(key: string): void {
    const i = this.slots.get(key);
    if (i === undefined) return;
    this.slots.delete(key);
    this.free.push(i);
  }

  clear(): void {
    this.slots.clear();
    this.free = [];
    this.nextSlot = 0;
  }

  /** True when some session's newest copy is in the snapshot. */
  anyInSnapshot(): boolean {
    for (const i of this.slots.values()) if (this.file[i] === 0) return true;
    return false;
  }

  /** Keys whose session was last updated before `before`. */
  keysUpdatedBefore(before: number): string[] {
    const out: string[] = [];
    for (const [k, i] of this.slots) if (this.updated[i]! < before) out.push(k);
    return out;
  }

  *entries(): IterableIterator<[string, Where]> {
    for (const [k, i] of this.slots) yield [k, this.at(i)];
  }

  private at(i: number): Where {
    return { file: this.file[i] as 0 | 1, offset: this.offset[i]!, length: this.length[i]!, updatedAt: this.updated[i]!, seq: this.seqs[i]! };
  }

  private grow(): number {
    const i = this.nextSlot++;
    if (i >= this.file.length) {
      const n = this.file.length * 2;
      const more = <A extends Uint8Array | Uint32Array | Float64Array>(a: A, make: new (n: number) => A): A => {
        const b = new make(n);
        b.set(a);
        return b;
      };
      this.file = more(this.file, Uint8Array);
      this.offset = more(this.offset, Float64Array);
      this.length = more(this.length, Uint32Array);
      this.updated = more(this.updated, Float64Array);
      this.seqs = more(this.seqs, Float64Array);
    }
    return i;
  }
}
