import { describe, expect, it } from 'vitest';
import { closestWord, editDistance } from '../../src/core/edit-distance';

describe('editDistance (optimal string alignment, bounded)', () => {
  it.each([
    ['password', 'password', 0],
    ['pasword', 'password', 1], // a letter missing
    ['passwords', 'password', 1], // one too many
    ['passwprd', 'password', 1], // one wrong
    ['psasword', 'password', 1], // two neighbours swapped: one edit, not two
    ['pssaword', 'password', 2], // a letter moved two places: two
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['', '', 0],
  ])('%j → %j is %i', (a, b, distance) => {
    expect(editDistance(a, b, 5)).toBe(distance);
    expect(editDistance(b, a, 5)).toBe(distance);
  });

  it('gives up at max + 1 once the answer is over max, however far apart the words are', () => {
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('authentication', 'authorization', 1)).toBe(2);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3); // lengths alone rule it out
    expect(editDistance('abcdef', 'ghijkl', 0)).toBe(1);
  });
});

describe('closestWord', () => {
  const vocabulary = ['password', 'passcode', 'account', 'authenticator', 'expired'];

  it('finds the vocabulary word within the allowed edits', () => {
    expect(closestWord('pasword', vocabulary, 1)).toBe('password');
    expect(closestWord('acount', vocabulary, 1)).toBe('account');
    expect(closestWord('authenticatr', vocabulary, 2)).toBe('authenticator');
  });

  it('finds nothing beyond the allowed edits', () => {
    expect(closestWord('pswrd', vocabulary, 1)).toBeUndefined();
    expect(closestWord('printer', vocabulary, 2)).toBeUndefined();
    expect(closestWord('anything', [], 2)).toBeUndefined();
  });

  it('prefers the nearer word, and the first of equally near ones', () => {
    expect(closestWord('passcod', vocabulary, 2)).toBe('passcode');
    expect(closestWord('passxxde', ['passcode', 'passmode'], 2)).toBe('passcode');
  });

  it('skips words that differ in both first letters: typos rarely hit both', () => {
    expect(closestWord('exipred', vocabulary, 1)).toBe('expired');
    expect(closestWord('xpired', vocabulary, 1)).toBeUndefined(); // one edit from "expired", but both first letters differ
  });
});
