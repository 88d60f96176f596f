/** "Build": POST …/build, told apart as a new version, an unchanged one, a refusal or a failure. */
import { useCallback, useRef, useState } from 'preact/hooks';

import { ApiError } from '../api.js';
import type { Api, Version } from '../api.js';

export type BuildState =
  | { readonly status: 'idle' }
  | { readonly status: 'building' }
  /** `fresh`: a new version; else the draft equals the latest version, which is returned. */
  | { readonly status: 'built'; readonly version: Version; readonly fresh: boolean }
  /** 422: the bot has errors (`error.diagnostics`). */
  | { readonly status: 'refused'; readonly error: ApiError }
  | { readonly status: 'failed'; readonly error: unknown };

export function useBuild(
  api: Api,
  botId: string,
): { state: BuildState; build: () => Promise<BuildState> } {
  const [state, setState] = useState<BuildState>({ status: 'idle' });
  const running = useRef(false);

  const build = useCallback(async (): Promise<BuildState> => {
    if (running.current) return { status: 'building' };
    running.current = true;
    setState({ status: 'building' });
    let next: BuildState;
    try {
      // Only to tell "built" from "already built": a failure here does not stop the build.
      const before = await api.listVersions(botId, { limit: 1 }).catch(() => []);
      const version = await api.build(botId);
      next = {
        status: 'built',
        version,
        fresh: before[0]?.version_id !== version.version_id,
      };
    } catch (error) {
      next =
        error instanceof ApiError && error.status === 422
          ? { status: 'refused', error }
          : { status: 'failed', error };
    } finally {
      running.current = false;
    }
    setState(next);
    return next;
  }, [api, botId]);

  return { state, build };
}
