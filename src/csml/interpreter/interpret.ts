/**
 * One interpreter run (csml.md §14–15): from the given flow and step (or the saved hold),
 * run steps and follow `goto`s until a `hold`, the end, a fatal error or the step limit.
 */
import { CsmlError, PlacedError } from './errors.js';
import { fromMemory } from './format.js';
import { BotProgram } from './program.js';
import type { FlowProgram } from './program.js';
import { Runtime } from './runtime.js';
import type { Scope } from './runtime.js';
import { runBlock } from './statements.js';
import { stepHash } from './step-hash.js';
import type { Signal } from './statements.js';
import type { Hold, InterpretInput, InterpretResult } from './types.js';
import type { Value } from './value.js';

const programs = new WeakMap<InterpretInput['bot'], BotProgram>();

/** Compiles (and caches per bot object) the program of a bot. */
export function programOf(bot: InterpretInput['bot']): BotProgram {
  let program = programs.get(bot);
  if (!program) {
    program = new BotProgram(bot);
    programs.set(bot, program);
  }
  return program;
}

export function interpret(input: InterpretInput): InterpretResult {
  const program = programOf(input.bot);
  const { context } = input;
  // A bot without flows cannot be built (validation: no_flows), so this is a caller's bug.
  if (program.flows.length === 0) throw new Error(`interpret: bot ${program.id} has no flows`);
  const startFlow = program.findFlow(context.flow) ?? program.findFlow(program.defaultFlow);
  const rt = new Runtime(
    program,
    startFlow ?? program.flows[0]!,
    context.step,
    input.event,
    context.metadata,
    input.host,
    input.stepLimit,
    input.turnTimeoutMs,
    input.sink,
  );
  for (const [key, json] of Object.entries(context.memories))
    rt.memories.set(key, fromMemory(json));

  let locals = new Map<string, Value>();
  if (context.hold) {
    for (const [key, json] of Object.entries(context.hold.stepVars))
      locals.set(key, fromMemory(json));
    rt.previous = context.hold.previous;
    rt.resume = {
      index: context.hold.commandIndex,
      loopIndex: context.hold.loopIndex,
    };
  }

  let heldHash = context.hold?.hash ?? null;
  let flowName = context.flow;
  let stepName = context.step;
  let exit: InterpretResult['exit'] = 'end';
  let hold: Hold | null = null;
  try {
    for (;;) {
      const flow = program.findFlow(flowName);
      if (!flow) {
        throw new CsmlError(`flow: [${flowName}] does not exist in bot: [${program.id}]`, true);
      }
      rt.flow = flow;
      rt.step = stepName;
      const inserted = flow.inserts.get(stepName);
      const codeFlow: FlowProgram = inserted ? (program.findFlow(inserted.flow) ?? flow) : flow;
      const codeStep = inserted ? inserted.step : stepName;
      const step = codeFlow.steps.get(codeStep);
      if (!step && stepName === 'start' && !inserted && flow.steps.size === 0) {
        flowName = program.defaultFlow;
        if (program.findFlow(flowName) === flow)
          throw new CsmlError(`[start] step does not exist`, true);
        continue;
      }
      if (rt.stepCount >= rt.stepLimit) {
        throw new CsmlError(
          `[Infinite loop] Step limit reached: 100 steps where executed in a single run, stop at step ${stepName}`,
          true,
        );
      }
      if (!step) throw new CsmlError(`[${stepName}] step does not exist`, true);
      rt.stepCount++;
      const scope: Scope = {
        flow: codeFlow,
        locals,
        memories: true,
        inFunction: false,
      };
      const hash = stepHash(step, codeFlow.source);
      if (rt.resume && heldHash !== null && heldHash !== hash) {
        // The step changed since the hold was saved: start it over, without its locals.
        rt.resume = null;
        scope.locals.clear();
      }
      heldHash = null;
      rt.frame = { numbering: codeFlow.numbering(step), scope, hash };
      let signal: Signal | null;
      try {
        signal = runBlock(rt, scope, step.body);
      } catch (e) {
        if (e instanceof CsmlError && e.fatal) throw rt.place(e, codeFlow);
        throw e;
      } finally {
        rt.frame = null;
      }
      rt.resume = null;
      locals = new Map();
      if (signal?.kind === 'hold') {
        exit = 'hold';
        hold = signal.hold;
        break;
      }
      if (signal?.kind !== 'goto') break;
      rt.previous = {
        flow: flow.name,
        step: stepName,
        previousFlow:
          signal.flow !== null && signal.flow !== flow.name
            ? flow.name
            : (rt.previous?.previousFlow ?? null),
      };
      rt.interactionOrder++;
      flowName = signal.flow ?? flow.name;
      stepName = signal.step;
    }
  } catch (e) {
    if (e instanceof PlacedError) {
      rt.emit({ content_type: 'error', content: { error: e.text } });
    } else if (e instanceof CsmlError) {
      rt.emitError(e.message, null, rt.flow);
    } else throw e;
    exit = 'error';
  }

  return {
    messages: rt.messages,
    memories: rt.memoryEntries,
    memoryOps: rt.memoryOps,
    exit,
    hold,
    position: { flow: rt.flow.name, step: rt.step },
    interactionOrder: rt.interactionOrder,
  };
}
