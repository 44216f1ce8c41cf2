// Preloaded (node --require) into a profiled bot: the bot has no SIGTERM handler, and a process killed by a
// signal never writes its --cpu-prof profile. A normal exit does.
process.once('SIGTERM', () => process.exit(0));
