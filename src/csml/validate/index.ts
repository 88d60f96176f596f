import type { ComponentSet } from '../components/schema.js';
import type { Diagnostic } from '../diagnostics.js';
import { runValidation } from './validate-bot.js';

export interface BotFlowSource {
  readonly id?: string;
  readonly name: string;
  readonly content: string;
  readonly commands?: readonly string[];
}

export interface BotSource {
  readonly name?: string;
  /** Name or id of the default flow. */
  readonly defaultFlow: string;
  /** In flow order (csml.md: "first flow" means first here). */
  readonly flows: readonly BotFlowSource[];
  /** Defaults to NATIVE_COMPONENTS. */
  readonly nativeComponents?: ComponentSet;
  readonly customComponents?: ComponentSet;
  readonly settings?: Readonly<Record<string, unknown>> | null;
  readonly nlu?: { readonly intents?: readonly { readonly name: string }[] } | null;
}

/** Parses and checks every flow of a bot (csml.md §16). Never throws on any input. */
export function validateBot(bot: BotSource): Diagnostic[] {
  return runValidation(bot);
}
