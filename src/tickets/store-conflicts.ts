/** Every store reports a stale eTag its own way: SQLite/memory/Blob with a message, Blob SDK/Cosmos with 412. */
export function isConflict(error: unknown): boolean {
  const { message, statusCode, code } = (error ?? {}) as { message?: string; statusCode?: number; code?: string | number };
  return (
    /etag conflict/i.test(message ?? '') ||
    statusCode === 412 ||
    code === 412 ||
    code === 'PreconditionFailed' ||
    code === 'ConditionNotMet'
  );
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A short random pause that grows with the attempt, so writers that collided do not collide again in step. */
export const backOff = (attempt: number) => pause(Math.random() * Math.min(50, 2 + attempt * 3));

/** Conflicts that keep coming after this many attempts are a bug or a storm, not contention: give up loudly. */
export const MAX_CONFLICT_RETRIES = 200;
