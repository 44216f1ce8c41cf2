import { normalizeForExtraction } from './normalize-text';

/** The identifiers a helpdesk or Microsoft support needs to find a failed sign-in in the logs. */
export interface SignInContext {
  readonly traceId?: string;
  readonly correlationId?: string;
  readonly timestamp?: string;
}

const GUID = String.raw`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
const SEPARATOR = String.raw`["']?\s*[:=]?\s*["']?`;
const TRACE_ID = new RegExp(String.raw`(?:trace|request|跟踪|请求)[\s_-]?id${SEPARATOR}(${GUID})`, 'i');
const CORRELATION_ID = new RegExp(String.raw`(?:correlation|关联|相关性|相关)[\s_-]?id${SEPARATOR}(${GUID})`, 'i');
const ISO_TIME = String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?Z|[+-]\d{2}:?\d{2})?`;
const TIMESTAMP = new RegExp(String.raw`(?:timestamp|时间戳|createdDateTime|TimeGenerated|date\s*\(utc\))${SEPARATOR}(${ISO_TIME})`, 'i');

export function extractContext(rawText: string): SignInContext {
  return findContext(normalizeForExtraction(rawText));
}

/** `extractContext` on text already passed through `normalizeForExtraction`. */
export function findContext(text: string): SignInContext {
  const traceId = TRACE_ID.exec(text)?.[1];
  const correlationId = CORRELATION_ID.exec(text)?.[1];
  const timestamp = TIMESTAMP.exec(text)?.[1];
  return {
    ...(traceId && { traceId }),
    ...(correlationId && { correlationId }),
    ...(timestamp && { timestamp }),
  };
}
