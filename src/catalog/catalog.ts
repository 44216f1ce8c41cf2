import type { CatalogEntry } from './types';

/** The validated catalog, indexed by code once. */
export class Catalog {
  readonly entries: readonly CatalogEntry[];
  private readonly byCode: ReadonlyMap<number, CatalogEntry>;

  constructor(entries: readonly CatalogEntry[]) {
    this.entries = Object.freeze([...entries]);
    this.byCode = new Map(entries.map((entry) => [entry.code, entry]));
  }

  get(code: number): CatalogEntry | undefined {
    return this.byCode.get(code);
  }

  has(code: number): boolean {
    return this.byCode.has(code);
  }

  get size(): number {
    return this.entries.length;
  }
}
