import pino from 'pino';

export type Logger = pino.Logger;

/** JSON lines on stdout. Message text is personal data: log it only at debug, never at info. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'sign-in-helpdesk' } });
}
