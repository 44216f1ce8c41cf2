import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, type Cipher, type Decipher } from 'node:crypto';

const ANSWER_ID = /^[A-Za-z0-9_-]{22}$/;
/** The first bytes of every answer id block before encryption: a block that does not decrypt to them was never issued. */
const MAGIC = Buffer.from('ansr');

/**
 * The salted names insights use instead of people and messages. A user hash is the HMAC of the person's id with the
 * salt, cut to 64 bits: enough to count distinct people, useless to look anyone up without the salt.
 *
 * An answer id is one AES block (a marker and 12 random bytes) encrypted with a key derived from the salt, so a forged
 * or edited card cannot vote for answers that were never given (a made-up id passes with odds of 1 in 2^32). One
 * cipher object serves every id: an HMAC per answer cost more than the rest of recording put together.
 */
export class Pseudonyms {
  /** Random bytes drawn 4 KB at a time: one call per 341 answers instead of one each. */
  private pool = Buffer.alloc(0);
  private offset = 0;
  private readonly encrypt: Cipher;
  private readonly decrypt: Decipher;

  constructor(private readonly salt: string) {
    const key = createHash('sha256').update(`answer ids\n${salt}`).digest().subarray(0, 16);
    // ECB over single blocks, no padding: each id is one block, enciphered on its own (a keyed permutation).
    this.encrypt = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    this.decrypt = createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  }

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
    return this.encrypt.update(Buffer.concat([MAGIC, this.randomBytes(12)])).toString('base64url');
  }

  /** The id if it is one this deployment issued, else undefined. */
  answerId(value: unknown): string | undefined {
    if (typeof value !== 'string' || !ANSWER_ID.test(value)) return undefined;
    const bytes = Buffer.from(value, 'base64url');
    // Only the one spelling of the block: its last character has spare bits that would make several ids of one.
    if (bytes.length !== 16 || bytes.toString('base64url') !== value) return undefined;
    return this.decrypt.update(bytes).subarray(0, MAGIC.length).equals(MAGIC) ? value : undefined;
  }
}
