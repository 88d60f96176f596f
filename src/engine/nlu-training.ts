/**
 * NLU training for builds (csml.md §18.2: `build` trains the model and stores it in the
 * BotVersion), in a worker thread: training a 150-intent bot takes seconds of CPU, which must
 * not stall the turns the same process is serving.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { Json } from '../csml/json.js';
import type { NluDefinitionProblem } from '../nlu/definition.js';
import { NluDefinitionError } from '../nlu/understand.js';
import type { TrainedNlu } from '../nlu/understand.js';

type WorkerAnswer =
  | { readonly ok: true; readonly trained: TrainedNlu }
  | { readonly ok: false; readonly problems?: NluDefinitionProblem[]; readonly message?: string };

// Compiled, this file is nlu-training.js beside nlu-worker.js. Run from the TypeScript sources
// (tests), the worker is a .ts file: it is loaded through tsx's loader, which a worker thread
// must register itself.
const EXTENSION = extname(fileURLToPath(import.meta.url));
const WORKER = new URL(`./nlu-worker${EXTENSION}`, import.meta.url);

function startWorker(definition: Json): Worker {
  if (EXTENSION !== '.ts') return new Worker(WORKER, { workerData: definition });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: definition });
}

/** Trains `definition` (a bot's `nlu`, not null); NluDefinitionError when it cannot be. */
export function trainNluInWorker(definition: Json): Promise<TrainedNlu> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(definition);
    let answered = false;
    worker.once('message', (answer: WorkerAnswer) => {
      answered = true;
      if (answer.ok) resolve(answer.trained);
      else if (answer.problems) reject(new NluDefinitionError(answer.problems));
      else reject(new Error(`NLU training failed: ${answer.message ?? 'unknown error'}`));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!answered) reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`NLU training worker exited with code ${code}`));
    });
  });
}
