import './limit-heap-growth';
import { loadConfig } from './config';
import { HelpdeskError } from './errors';
import { startBot } from './start';

const FORCE_EXIT_MS = 9000;

Promise.resolve()
  .then(() => startBot(loadConfig()))
  .then((bot) => {
    // Stop taking requests, abort deliveries in flight (they stay pending) and close the store. Whatever hangs,
    // the process is gone within 10 s of the signal: orchestrators send SIGKILL not long after.
    const stop = () => {
      setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
      bot.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })
  .catch((error: unknown) => {
    // Configuration and data problems already say what is wrong and where; anything else is unexpected.
    process.stderr.write(error instanceof HelpdeskError ? `${error.message}\n` : `${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
