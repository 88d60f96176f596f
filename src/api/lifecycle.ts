/**
 * Stopping a server process cleanly (ARCHITECTURE.md "HTTP server"): on SIGTERM or SIGINT the
 * server stops accepting connections and finishes in-flight turns, then the store closes and
 * the process exits 0. A shutdown that hangs (a turn stuck on a dead database) is cut short
 * after a timeout with exit code 1; a second signal does the same at once.
 */
import type { FastifyBaseLogger } from 'fastify';

export interface Closable {
  close(): Promise<void>;
}

export interface SignalOptions {
  /** Forced exit after this long; 30 s by default. */
  readonly timeoutMs?: number;
  readonly signals?: readonly NodeJS.Signals[];
  /** process.exit by default (tests pass their own). */
  readonly exit?: (code: number) => void;
}

/** Installs the handlers; answers a function that removes them. */
export function installSignalHandlers(
  server: Closable,
  store: Closable,
  logger: FastifyBaseLogger,
  options: SignalOptions = {},
): () => void {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out: exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    void (async () => {
      let code = 0;
      try {
        await server.close();
      } catch (error) {
        logger.error({ err: error }, 'closing the HTTP server failed');
        code = 1;
      }
      try {
        await store.close();
      } catch (error) {
        logger.error({ err: error }, 'closing the store failed');
        code = 1;
      }
      clearTimeout(timer);
      logger.info('stopped');
      exit(code);
    })();
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
