/**
 * TextBotFlowLocation (textbots-api.md O5): the flow's name, the step's name and the step's
 * 1-based position among the flow's steps in source order.
 */
import { compiledVersion } from '../../engine/bot-version.js';
import type { BotVersion } from '../../engine/bot-version.js';

export interface Position {
  readonly flow: string;
  readonly step: string;
}

export function flowLocation(
  version: BotVersion,
  position: Position,
): { sequenceName: string; actionName: string; actionNumber: number } {
  const flow = compiledVersion(version).program.findFlow(position.flow);
  const steps = flow ? [...flow.steps.keys()] : [];
  const index = steps.indexOf(position.step);
  return {
    sequenceName: flow?.name ?? position.flow,
    actionName: position.step,
    // A step that is not in the flow (a goto to a missing step): none of the flow's positions.
    actionNumber: index + 1,
  };
}
