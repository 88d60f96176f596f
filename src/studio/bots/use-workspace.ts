/** A component's view of a bot workspace (workspace.ts). */
import { useEffect, useState } from 'preact/hooks';

import type { Workspace } from './workspace.js';

/** Re-renders the calling component whenever the workspace changes. */
export function useWorkspace(workspace: Workspace): Workspace {
  const [, setVersion] = useState(0);
  useEffect(
    () =>
      workspace.subscribe(() => {
        setVersion((version) => version + 1);
      }),
    [workspace],
  );
  return workspace;
}
