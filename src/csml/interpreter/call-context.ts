/** What methods and built-ins may use of the running interpreter. */
import type { CsmlHost } from './host.js';
import type { ClosureValue, Value } from './value.js';

export interface CallContext {
  readonly host: CsmlHost;
  /** Current flow name, for error texts. */
  readonly flow: string;
  /** Calls a closure with positional arguments (`map`, `filter`, `reduce`). */
  callClosure(closure: ClosureValue, args: Value[]): Value;
  /** `Exists("name")`: a constant, step local or memory of that name exists. */
  exists(name: string): boolean;
  /** Emits a warning message (an inline error that does not change the result). */
  warn(message: string): void;
}
