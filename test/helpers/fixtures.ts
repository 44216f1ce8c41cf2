import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SymptomCase {
  id: string;
  lang: string;
  text: string;
  expected: number[];
}

export interface PasteCase {
  id: string;
  text: string;
  codes: number[];
  traceId?: string;
  correlationId?: string;
  timestamp?: string;
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const VALIDATION_FIXTURES = join(__dirname, '..', '..', 'bench', 'fixtures');
