import type { KeyValueStore } from '../../src/tickets/types';

type Operation = 'read' | 'write' | 'delete' | 'create' | 'replace' | 'deleteIf' | 'keys';
type Match = (operation: Operation, args: unknown[]) => boolean;

interface Gate {
  readonly match: Match;
  readonly reached: () => void;
  readonly released: Promise<void>;
}

/**
 * A store that holds chosen calls at its door until the test lets them through: interleavings that depend on
 * timing become a fixed order. `hold(match)` holds the next call that matches; `reached` resolves when it
 * arrives (nothing has reached the store yet), `release()` lets it in.
 */
export class GatedStore implements KeyValueStore {
  private gates: Gate[] = [];

  constructor(private readonly inner: KeyValueStore) {}

  hold(match: Match): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.gates.push({ match, reached, released });
    return { reached: arrived, release };
  }

  private async door(operation: Operation, args: unknown[]): Promise<void> {
    const gate = this.gates.find((g) => g.match(operation, args));
    if (!gate) return;
    this.gates = this.gates.filter((g) => g !== gate);
    gate.reached();
    await gate.released;
  }

  async read(keys: string[]) {
    await this.door('read', [keys]);
    return this.inner.read(keys);
  }
  async write(changes: Record<string, any>) {
    await this.door('write', [changes]);
    return this.inner.write(changes);
  }
  async delete(keys: string[]) {
    await this.door('delete', [keys]);
    return this.inner.delete(keys);
  }
  async create(key: string, item: object) {
    await this.door('create', [key, item]);
    return this.inner.create(key, item);
  }
  async replace(key: string, item: object, eTag: string) {
    await this.door('replace', [key, item, eTag]);
    return this.inner.replace(key, item, eTag);
  }
  async deleteIf(key: string, eTag: string) {
    await this.door('deleteIf', [key, eTag]);
    return this.inner.deleteIf(key, eTag);
  }
  async keys(prefix: string) {
    await this.door('keys', [prefix]);
    return this.inner.keys(prefix);
  }
}
