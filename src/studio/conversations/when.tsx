import type { JSX } from 'preact';

import { absoluteTime, relativeTime } from './format.js';

/** A relative time with the absolute one on hover (and for assistive technology). */
export function When(props: { iso: string; now: number }): JSX.Element {
  return (
    <time dateTime={props.iso} title={absoluteTime(props.iso)}>
      {relativeTime(props.iso, props.now)}
    </time>
  );
}
