/**
 * Runs the real GraphSignInLookup in its own process, so that NODE_EXTRA_CA_CERTS (read only when Node starts)
 * trusts the stand-ins' test certificate. Settings come from the environment as for the bot; each argument is one
 * subject (UPN or object id) looked up in turn; each outcome is printed as one JSON line with its duration.
 */
import { loadConfig } from '../../src/config';
import { GraphSignInLookup } from '../../src/signin/graph-sign-in-lookup';
import { parseSubject } from '../../src/signin/sign-in-lookup';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.graph) throw new Error('SIGNIN_LOGS=graph is required');
  const lookup = new GraphSignInLookup(config.graph);
  for (const argument of process.argv.slice(2)) {
    const subject = parseSubject(argument);
    if (!subject) throw new Error(`not a subject: ${argument}`);
    const started = Date.now();
    const outcome = await lookup.recentFailures(subject);
    process.stdout.write(`${JSON.stringify({ ms: Date.now() - started, outcome })}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
