import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface BodyRefusal {
  readonly status: 413 | 415;
  readonly message: string;
}

/** Bot Framework activities are flat; the deepest real one nests under ten levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * What the headers alone rule out, before a byte of the body is read. Bot Framework sends uncompressed JSON,
 * so any Content-Encoding but identity is refused: nothing is ever inflated (restify 12's bodyParser crashes
 * the process on a corrupt gzip body and counts the compressed size against its limit).
 */
export function bodyRefusal(headers: IncomingHttpHeaders, maxBytes: number): BodyRefusal | undefined {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && !encoding.split(',').every((token) => token.trim().toLowerCase() === 'identity')) {
    return { status: 415, message: 'Content-Encoding is not accepted: send the body uncompressed' };
  }
  const [mediaType = '', ...parameters] = (headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return { status: 415, message: 'Content-Type must be application/json' };
  if (parameters.some((parameter) => parameter.startsWith('charset=') && !/^charset="?utf-8"?$/.test(parameter))) {
    return { status: 415, message: 'the body must be UTF-8' };
  }
  const length = Number(headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes) return { status: 413, message: `the body must be at most ${maxBytes} bytes` };
  return undefined;
}

export type BodyRead = { readonly kind: 'read'; readonly bytes: Buffer } | { readonly kind: 'tooLarge' } | { readonly kind: 'aborted' };

/** Reads the body, stopping at `maxBytes` (a chunked body has no Content-Length to check up front). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading; the 413 goes out with Connection: close, which drops the rest.
        req.pause();
        settle({ kind: 'tooLarge' });
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle({ kind: 'read', bytes: Buffer.concat(chunks, size) }));
    req.once('error', () => settle({ kind: 'aborted' }));
    req.once('close', () => settle({ kind: 'aborted' }));
  });
}

export type ParsedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** JSON with a nesting limit, checked before parsing: deep nesting is cheap to send and overflows recursive code later. */
export function parseJson(bytes: Buffer, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  const text = bytes.toString('utf8');
  if (nestingExceeds(text, maxDepth)) return { ok: false, message: `the body nests deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: 'the body is not valid JSON' };
  }
}

/** Brackets a body opens, counted natively; past `limit` the count stops (only "at most the limit" matters). */
function openersUpTo(text: string, limit: number): number {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let at = text.indexOf(opener); at >= 0 && count <= limit; at = text.indexOf(opener, at + 1)) count++;
  }
  return count;
}

function nestingExceeds(text: string, maxDepth: number): boolean {
  // An activity opens a few dozen brackets: with no more than the limit in all, no nesting can exceed it, and the
  // character walk below (the costliest part of reading a request) is skipped.
  if (openersUpTo(text, maxDepth) <= maxDepth) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}
