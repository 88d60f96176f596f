/**
 * Parley warnings on component calls (csml.md §11): a required parameter that no argument
 * fills, too many positional arguments, `Component.X(…)` without a custom component `X`.
 */
import type { Arg } from '../ast.js';
import type { ComponentSet, ParamSpec } from '../components/schema.js';
import type { Span } from '../source.js';
import { isRecord } from './bot-input.js';
import { isFlowFunction, isNativeComponent } from './calls.js';
import type { BotModel, FlowModel } from './model.js';
import type { Report } from './report.js';

interface Param {
  readonly name: string;
  readonly required: boolean;
}

/** The schema's parameters, read defensively (component sets come with the bot); null if unusable. */
function schemaParams(set: ComponentSet, name: string): Param[] | null {
  if (!Object.hasOwn(set, name)) return null;
  const schema: unknown = set[name];
  if (!isRecord(schema) || !Array.isArray(schema.params)) return null;
  const params: Param[] = [];
  for (const entry of schema.params as unknown[]) {
    if (!isRecord(entry)) continue;
    for (const [param, spec] of Object.entries(entry)) {
      const required = isRecord(spec) && (spec as Partial<ParamSpec>).required === true;
      params.push({ name: param, required });
    }
  }
  return params;
}

/**
 * How arguments reach parameters (csml.md §11.2, as the reference engine does it): when every
 * argument is positional they fill the parameters in order; as soon as one is named, a
 * parameter takes its named argument, and only the first parameter may also take the first
 * positional one.
 */
function checkArguments(
  flow: FlowModel,
  component: string,
  params: readonly Param[],
  args: readonly Arg[],
  span: Span,
  step: string | null,
  report: Report,
): void {
  let positional = 0;
  let named: Set<string> | null = null;
  for (const arg of args) {
    if (arg.kind === 'Positional') positional++;
    else (named ??= new Set()).add(arg.name);
  }
  const allPositional = named === null;
  if (allPositional && positional > params.length) {
    report.at(
      flow,
      'component_arguments',
      `${component}: too many arguments`,
      span,
      step,
      'warning',
    );
  }
  const reach = allPositional ? positional : Math.min(positional, 1);
  params.forEach((param, index) => {
    if (param.required && index >= reach && !named?.has(param.name)) {
      report.at(
        flow,
        'component_arguments',
        `${component}: ${param.name} is a required parameter`,
        span,
        step,
        'warning',
      );
    }
  });
}

/** schemaParams, read once per component name. */
function paramsCache(set: ComponentSet): (name: string) => Param[] | null {
  const cache = new Map<string, Param[] | null>();
  return (name) => {
    let params = cache.get(name);
    if (params === undefined) {
      params = schemaParams(set, name);
      cache.set(name, params);
    }
    return params;
  };
}

export function checkComponents(flow: FlowModel, bot: BotModel, report: Report): void {
  const nativeParams = paramsCache(bot.nativeComponents);
  const customParams = paramsCache(bot.customComponents);
  for (const { call, step } of flow.facts.calls) {
    if (!isNativeComponent(bot, call.name) || isFlowFunction(flow, call.name)) continue;
    const params = nativeParams(call.name);
    if (params) checkArguments(flow, call.name, params, call.args, call.nameSpan, step, report);
  }
  for (const { method, step } of flow.facts.componentCalls) {
    const params = customParams(method.name);
    if (params) {
      checkArguments(
        flow,
        `Component.${method.name}`,
        params,
        method.args,
        method.nameSpan,
        step,
        report,
      );
    } else if (!Object.hasOwn(bot.customComponents, method.name)) {
      report.at(
        flow,
        'unknown_component',
        `component [${method.name}] does not exist`,
        method.nameSpan,
        step,
        'warning',
      );
    }
  }
}
