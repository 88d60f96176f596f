/**
 * Trains a bot's NLU in a worker thread (nlu-training.ts), so that a build of a large bot does
 * not stop the server's event loop. Receives the `nlu` definition as workerData and posts
 * `{ok: true, trained}` or `{ok: false, problems | message}` once.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { NluDefinitionError, trainNlu } from '../nlu/understand.js';

try {
  parentPort?.postMessage({ ok: true, trained: trainNlu(workerData) });
} catch (error) {
  parentPort?.postMessage(
    error instanceof NluDefinitionError
      ? { ok: false, problems: error.problems }
      : { ok: false, message: error instanceof Error ? error.message : String(error) },
  );
}
