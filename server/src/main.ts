import { Logger } from '@nestjs/common';
import { createServer } from './app';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await createServer(config);
  const logger = new Logger('Lokalforum');
  // Always printed, whatever LOG_LEVEL says: people and test harnesses look for it.
  console.log(`Lokalforum is running at ${server.url}${config.demo ? ' (demo mode)' : ''}`);

  const stop = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    try {
      await server.close();
    } catch (err) {
      // Said, so an operator (or a test) sees what did not stop cleanly.
      logger.error('Shutting down failed', err);
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
