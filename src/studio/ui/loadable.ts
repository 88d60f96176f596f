/** Data a panel loads from the API: loading, failed (with why) or ready. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Loadable<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'ready'; readonly value: T };

/**
 * Runs `load` when `deps` change and on `reload()`; an answer to an older call than the last
 * one is dropped, so a slow request never overwrites a newer one.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): { state: Loadable<T>; reload: () => void; set: (value: T) => void } {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const calls = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(() => {
    const call = ++calls.current;
    setState({ status: 'loading' });
    loader.current().then(
      (value) => {
        if (call === calls.current) setState({ status: 'ready', value });
      },
      (error: unknown) => {
        if (call === calls.current) setState({ status: 'error', error });
      },
    );
  }, []);

  useEffect(reload, deps);

  const set = useCallback((value: T) => {
    calls.current++;
    setState({ status: 'ready', value });
  }, []);

  return { state, reload, set };
}
