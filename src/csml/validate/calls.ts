/**
 * `Name(…)` calls must reach something callable (csml.md §9, §6.2–6.4): a native component, a
 * built-in, `Component`, a function or import of the same flow, or a closure. As in the
 * reference linter, a closure counts when it is bound by name in a step or function of the same
 * name (any flow), or remembered anywhere in the bot.
 */
import { BUILTIN_FUNCTIONS, COMPONENT_NAMESPACE } from '../keywords.js';
import { closureBindingKey } from './facts.js';
import type { BotModel, FlowModel } from './model.js';
import type { Report } from './report.js';

export interface ClosureNames {
  /** closureBindingKey(scopeKey, name) of every closure bound in a step or function. */
  readonly scoped: ReadonlySet<string>;
  /** Every name remembered with a closure. */
  readonly remembered: ReadonlySet<string>;
}

export function collectClosureNames(flows: readonly FlowModel[]): ClosureNames {
  const scoped = new Set<string>();
  const remembered = new Set<string>();
  for (const flow of flows) {
    for (const key of flow.facts.closureBindings) scoped.add(key);
    for (const name of flow.facts.rememberedClosures) remembered.add(name);
  }
  return { scoped, remembered };
}

export function isNativeComponent(bot: BotModel, name: string): boolean {
  return Object.hasOwn(bot.nativeComponents, name);
}

/** A function or import of this flow: such a name is not a component call. */
export function isFlowFunction(flow: FlowModel, name: string): boolean {
  return flow.functions.has(name) || flow.importedNames.has(name);
}

export function checkCalls(
  flow: FlowModel,
  bot: BotModel,
  closures: ClosureNames,
  report: Report,
): void {
  for (const { call, step, scopeKey } of flow.facts.calls) {
    const name = call.name;
    const known =
      isNativeComponent(bot, name) ||
      BUILTIN_FUNCTIONS.has(name) ||
      name === COMPONENT_NAMESPACE ||
      isFlowFunction(flow, name) ||
      closures.scoped.has(closureBindingKey(scopeKey, name)) ||
      closures.remembered.has(name);
    if (!known) {
      report.at(flow, 'unknown_function', `function [${name}] does not exist`, call.nameSpan, step);
    }
  }
}
