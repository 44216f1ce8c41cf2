import { loadConfig } from './config';
import { HelpdeskError } from './errors';
import { startBot } from './start';

Promise.resolve().then(() => startBot(loadConfig())).catch((error: unknown) => {
  // Configuration and data problems already say what is wrong and where; anything else is unexpected.
  process.stderr.write(error instanceof HelpdeskError ? `${error.message}\n` : `${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
