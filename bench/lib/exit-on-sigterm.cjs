// Preloaded into the reference server when profiling: it has no SIGTERM handler, and
// Node writes a --cpu-prof profile only when the process exits on its own.
process.once('SIGTERM', () => process.exit(0));
