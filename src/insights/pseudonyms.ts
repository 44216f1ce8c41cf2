import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ANSWER_ID = /^([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{8})$/;

/**
 * The salted names insights use instead of people and messages. A user hash is the HMAC of the person's id with the
 * salt, cut to 64 bits: enough to count distinct people, useless to look anyone up without the salt.
 * An answer id is random and signed with the same salt, so a forged or edited card cannot vote for answers that were
 * never given.
 */
export class Pseudonyms {
  /** Random bytes drawn 4 KB at a time: one call per 455 answers instead of one each. */
  private pool = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly salt: string) {}

  private randomBytes(n: number): Buffer {
    if (this.offset + n > this.pool.length) {
      this.pool = randomBytes(4096);
      this.offset = 0;
    }
    return this.pool.subarray(this.offset, (this.offset += n));
  }

  user(id: string): string {
    return createHmac('sha256', this.salt).update(`user\n${id}`).digest('hex').slice(0, 16);
  }

  newAnswerId(): string {
    const nonce = this.randomBytes(9).toString('base64url');
    return `${nonce}.${this.sign(nonce)}`;
  }

  /** The id if it is one this deployment signed, else undefined. */
  answerId(value: unknown): string | undefined {
    const match = typeof value === 'string' ? ANSWER_ID.exec(value) : null;
    if (!match) return undefined;
    const expected = Buffer.from(this.sign(match[1]!));
    return timingSafeEqual(expected, Buffer.from(match[2]!)) ? (value as string) : undefined;
  }

  private sign(nonce: string): string {
    return createHmac('sha256', this.salt).update(`answer\n${nonce}`).digest('base64url').slice(0, 8);
  }
}
