/** The algorithms Bot Framework signs with (botframework-connector's AllowedSigningAlgorithms). */
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
/** botbuilder's clock tolerance for channel tokens. */
const CLOCK_TOLERANCE_S = 5 * 60;

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks botbuilder makes too, made first and cheaply: a header that is not a Bearer JWT signed with RSA, carries
 * no key id, has expired or is not valid yet is refused without an RSA verification, a key download or botbuilder
 * printing the token's keys to the console. The signature, issuer, audience, endorsement and `serviceurl` claim
 * are left to botbuilder, which checks them all.
 */
export function tokenPrescreenProblem(authHeader: string, nowMs = Date.now()): string | undefined {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(authHeader.trim());
  if (!match) return 'not a Bearer JWT';
  const header = decodePart(match[1]!);
  const payload = decodePart(match[2]!);
  if (!header || !payload) return 'token is not JSON';
  if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg)) return 'token algorithm not allowed';
  if (typeof header.kid !== 'string' || !header.kid) return 'token has no key id';
  const now = nowMs / 1000;
  if (typeof payload.exp !== 'number' || payload.exp + CLOCK_TOLERANCE_S < now) return 'token expired or without expiry';
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf - CLOCK_TOLERANCE_S > now)) return 'token not valid yet';
  return undefined;
}
