import { readFileSync } from 'node:fs';
import { HelpdeskError, type ErrorCode } from '../errors';

export function readJsonFile(path: string, code: ErrorCode): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new HelpdeskError(code, `${path} is not readable JSON: ${(err as Error).message}`);
  }
}
