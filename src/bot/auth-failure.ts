/**
 * What a failed authentication means for the caller. botbuilder maps only its own AuthenticationError to 401 and
 * answers 500, with the internal message, for everything its token library (jsonwebtoken) and key download
 * (node-fetch) throw. Here every failure is a refusal: 503 when the keys could not be fetched (Teams retries
 * later; the fault is ours or the network's), 401 for everything else (the request is not processed either way).
 */
export interface AuthFailure {
  readonly status: 401 | 503;
  /** For the log only, never for the response: it may name keys, URLs or hosts. */
  readonly reason: string;
  readonly keysUnavailable: boolean;
}

export function authFailure(error: unknown): AuthFailure {
  const { name, message, statusCode } = (error ?? {}) as { name?: unknown; message?: unknown; statusCode?: unknown };
  const reason = `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : String(error)}`;
  // node-fetch failing to reach the OpenID metadata or key endpoint, or botbuilder's "Failed to load openID config / Keys: <status>".
  const keysUnavailable = name === 'FetchError' || (typeof statusCode === 'number' && statusCode >= 500);
  // Everything else (AuthenticationError, jsonwebtoken's JsonWebTokenError / TokenExpiredError / NotBeforeError,
  // anything unforeseen) means the request is not authenticated.
  return { status: keysUnavailable ? 503 : 401, reason, keysUnavailable };
}
