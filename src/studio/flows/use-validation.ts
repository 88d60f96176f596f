/**
 * Live diagnostics: the bot as it would be built now (every flow, drafts included) goes to
 * POST …/validate 400 ms after the last change, and the answer comes back with the texts it
 * was computed for. Only the answer to the latest request is kept.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

import type { Api, Validation } from '../api.js';
import type { Workspace } from '../bots/workspace.js';

export const VALIDATE_DELAY_MS = 400;

export interface LiveResult {
  readonly validation: Validation;
  /** Flow name (lowercase) → the text that was checked. */
  readonly sent: ReadonlyMap<string, string>;
}

export interface LiveValidation {
  readonly result: LiveResult | null;
  readonly checking: boolean;
  readonly error: unknown;
}

export function useLiveValidation(api: Api, workspace: Workspace): LiveValidation {
  const [state, setState] = useState<LiveValidation>({
    result: null,
    checking: true,
    error: null,
  });

  const lastKey = useRef<string | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const send = (): void => {
      const draft = workspace.draftBot();
      const key = JSON.stringify(draft);
      if (key === lastKey.current) return;
      lastKey.current = key;
      const call = ++latest.current;
      const sent = new Map(draft.flows.map((flow) => [flow.name.toLowerCase(), flow.content]));
      setState((before) => ({ ...before, checking: true }));
      api.validate(workspace.bot.id, draft).then(
        (validation) => {
          if (call === latest.current)
            setState({ result: { validation, sent }, checking: false, error: null });
        },
        (error: unknown) => {
          if (call !== latest.current) return;
          // The same draft is worth another try after the next change.
          lastKey.current = null;
          setState((before) => ({ ...before, checking: false, error }));
        },
      );
    };
    const schedule = (): void => {
      clearTimeout(timer);
      timer = setTimeout(send, VALIDATE_DELAY_MS);
    };
    send();
    const unsubscribe = workspace.subscribe(schedule);
    return () => {
      clearTimeout(timer);
      unsubscribe();
      // Answers still on their way belong to a page that is gone.
      latest.current++;
      lastKey.current = null;
    };
  }, [api, workspace]);

  return state;
}
