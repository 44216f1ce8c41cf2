import { describe, expect, it } from 'vitest';
import { parseSubject, subjectOf } from '../../src/signin/sign-in-lookup';
import { signInQuery } from '../../src/signin/sign-in-query';

describe('whose sign-ins: parsing what an agent typed', () => {
  it.each([
    ['bob@contoso.com', { kind: 'upn', upn: 'bob@contoso.com' }],
    ['  Bob.Kelly@Contoso.onmicrosoft.com ', { kind: 'upn', upn: 'bob.kelly@contoso.onmicrosoft.com' }],
    ['<a href="mailto:bob@contoso.com">bob@contoso.com</a>', { kind: 'upn', upn: 'bob@contoso.com' }],
    ['mailto:bob@contoso.com', { kind: 'upn', upn: 'bob@contoso.com' }],
    ["O'Brien@contoso.com", { kind: 'upn', upn: "o'brien@contoso.com" }],
    ['9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D', { kind: 'objectId', id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }],
  ])('%j is %j', (text, subject) => {
    expect(parseSubject(text)).toEqual(subject);
  });

  it.each([
    '',
    'bob',
    "bob' or userId ne '",
    'bob@contoso.com and status/errorCode eq 0',
    'bob@localhost',
    `${'a'.repeat(120)}@contoso.com`,
    '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6',
  ])('refuses %j', (text) => {
    expect(parseSubject(text)).toBeUndefined();
  });

  it("takes Teams' aadObjectId only when it is a GUID", () => {
    expect(subjectOf('6B1F2C3D-1111-4A2B-9C3D-0123456789AB')).toEqual({ kind: 'objectId', id: '6b1f2c3d-1111-4a2b-9c3d-0123456789ab' });
    expect(subjectOf(undefined)).toBeUndefined();
    expect(subjectOf("x' or 1 eq 1")).toBeUndefined();
  });
});

describe('the Graph query', () => {
  const now = new Date('2026-11-28T09:30:15.123Z');

  it("filters on the user's object id, the lookback window and failures, newest first, few rows", () => {
    expect(signInQuery({ kind: 'objectId', id: '6b1f2c3d-1111-4a2b-9c3d-0123456789ab' }, now, 24)).toEqual({
      filter: "userId eq '6b1f2c3d-1111-4a2b-9c3d-0123456789ab' and createdDateTime ge 2026-11-27T09:30:15Z and status/errorCode ne 0",
      top: 20,
      orderby: 'createdDateTime desc',
    });
  });

  it('filters on the user principal name, and doubles quotes in OData literals all the same', () => {
    expect(signInQuery({ kind: 'upn', upn: 'bob@contoso.com' }, now, 2).filter).toBe(
      "userPrincipalName eq 'bob@contoso.com' and createdDateTime ge 2026-11-28T07:30:15Z and status/errorCode ne 0",
    );
    expect(signInQuery({ kind: 'upn', upn: "o'brien@contoso.com" }, now, 1).filter).toContain("'o''brien@contoso.com'");
  });
});
