import { loadConfig } from './config';
import { HelpdeskError } from './errors';
import { startBot } from './start';

Promise.resolve()
  .then(() => startBot(loadConfig()))
  .then((bot) => {
    // Stop taking requests, let the outbox finish its round and close the store cleanly.
    const stop = () => void bot.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })
  .catch((error: unknown) => {
    // Configuration and data problems already say what is wrong and where; anything else is unexpected.
    process.stderr.write(error instanceof HelpdeskError ? `${error.message}\n` : `${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
