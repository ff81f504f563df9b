/**
 * Numbers that order the index's entries as their ids do, so ranking candidates compares numbers
 * rather than strings (which sit all over memory).
 *
 * The ids held at the last snapshot are kept sorted, and an entry's key is its place among them;
 * an id added since gets the place it would take, less one half, which sorts it between the two
 * snapshot ids around it. Two entries share a key only when both came after the snapshot and fall
 * between the same two ids: those alone are compared as strings. A new snapshot is taken when the
 * ids added since outnumber those in the last one, so sorting costs O(n log n) over the index's
 * life while few entries ever share a key.
 */
export class IdOrder {
  /** By serial: the entry's id and its key. */
  private readonly ids: string[] = [];
  private keys = new Float64Array(1024);
  /** The ids of the last snapshot, sorted. */
  private sorted: string[] = [];

  /** Adds the entry numbered `serial` (the next number: entries are numbered 0, 1, 2…). */
  add(serial: number, id: string): void {
    this.ids[serial] = id;
    if (serial >= this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    if (this.ids.length > 2 * this.sorted.length) {
      this.snapshot();
      return;
    }
    // How many snapshot ids sort before this one.
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle]! < id) low = middle + 1;
      else high = middle;
    }
    this.keys[serial] = low - 0.5;
  }

  /** Whether entry `a`'s id sorts before entry `b`'s. */
  before(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && this.ids[a]! < this.ids[b]!);
  }

  private snapshot(): void {
    const serials = this.ids.map((_, serial) => serial);
    serials.sort((a, b) => (this.ids[a]! < this.ids[b]! ? -1 : this.ids[a]! > this.ids[b]! ? 1 : 0));
    this.sorted = serials.map((serial) => this.ids[serial]!);
    serials.forEach((serial, place) => {
      this.keys[serial] = place;
    });
  }
}
