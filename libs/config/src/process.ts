// How every entry point starts and stops: one line for a start-up problem, a clean exit on a signal.
import { ConfigError } from './config.js';

/** A start-up failure with a message fit for one line (a dependency that does not answer, say). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Runs an entry point's start-up; a configuration or connection problem ends the process with one line. */
export async function runOrExit(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      process.stderr.write(`amahoro: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * On SIGTERM or SIGINT, runs `stop` once (stop taking work, finish what is in hand, close connections)
 * and exits 0; a second signal exits at once.
 */
export function stopOnSignals(stop: () => Promise<void>, log: (message: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: stopping after the work in hand`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`amahoro: stopping failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
