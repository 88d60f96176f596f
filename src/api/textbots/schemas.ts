/**
 * Request models of the three operations (textbots-api.md §2.1, §2.2, §2.4), for C3:
 *
 * - the route schemas (`structural`) check JSON types, required fields and non-empty ids, with
 *   enumerations as plain strings, and leave `inputData` and the turn payloads to the handler
 *   (L3, and "only the payload object matching inputEventType is read");
 * - `strict` builds the same models with their enumerations, which the handler applies to a
 *   structurally valid body: a failure there can only be a value outside its list
 *   (`invalid.value`).
 *
 * Unknown properties are dropped (C3: ignored); `null` on an optional field means absent.
 */
import { z } from 'zod';

import { contentSchemas } from './content-schemas.js';
import {
  BOT_CHANNELS,
  CHANNEL_NAMES,
  INPUT_EVENT_TYPES,
  MODES,
  POST_TEXT_TYPES,
  USER_AGENT_NAMES,
} from './enums.js';

const opt = <T extends z.ZodType>(schema: T) => schema.nullish();
const nonEmpty = z.string().min(1);
const stringMap = z.record(z.string(), z.string());

function models(strict: boolean) {
  const oneOf = (values: readonly [string, ...string[]]): z.ZodType<string> =>
    strict ? z.enum(values) : z.string();
  const { messageContent, messageEvent } = contentSchemas(strict);

  const launch = z.object({
    flow: z.object({ id: nonEmpty }),
    externalSessionId: z.string(),
    conversationId: opt(z.string()),
    // L3: checked by the handler (invalid.input.variables, not bad.request).
    inputData: z.unknown().optional(),
    channel: z.object({
      name: oneOf(CHANNEL_NAMES),
      inputModes: z.array(oneOf(MODES)),
      outputModes: z.array(oneOf(MODES)),
      userAgent: z.object({ name: oneOf(USER_AGENT_NAMES) }),
    }),
    language: opt(z.string()),
  });

  const turn = z.object({
    previousTurn: opt(z.object({ id: z.string() })),
    inputEventType: oneOf(INPUT_EVENT_TYPES),
    inputEventUserInput: z.unknown().optional(),
    inputEventRichMedia: z.unknown().optional(),
    inputEventError: z.unknown().optional(),
  });

  const userInput = z.object({
    mode: oneOf(MODES),
    alternatives: z
      .array(
        z.object({
          transcript: z.object({ text: z.string(), confidence: opt(z.number()) }),
        }),
      )
      .min(1),
  });
  const richMedia = z.object({
    inputs: opt(z.array(messageContent)),
    messages: opt(z.array(messageEvent)),
  });
  const error = z.object({ code: z.string(), message: z.string() });

  const postTextMessage = z.object({
    type: oneOf(POST_TEXT_TYPES),
    text: opt(z.string()),
    content: opt(z.array(messageContent)),
  });
  const execute = z.object({
    botId: nonEmpty,
    botAlias: opt(z.string()),
    integrationId: nonEmpty,
    botSessionId: nonEmpty,
    postTextMessage,
    languageCode: opt(z.string()),
    // int32; the lower bound is the operation's rule (constraint.validation).
    botSessionTimeoutMinutes: opt(z.int32()),
    botChannels: opt(z.array(oneOf(BOT_CHANNELS))),
    botCorrelationId: opt(z.string()),
    messagingPlatformType: opt(oneOf(USER_AGENT_NAMES)),
    amazonLexRequest: opt(
      z.object({ requestAttributes: opt(stringMap), sessionAttributes: opt(stringMap) }),
    ),
    googleDialogflow: opt(
      z.object({
        environment: opt(z.string()),
        eventName: opt(z.string()),
        webhookQueryParameters: opt(stringMap),
        eventInputParameters: opt(stringMap),
      }),
    ),
    genesysBotConnector: opt(z.object({ queryParameters: opt(stringMap) })),
    nuanceMixDlg: opt(
      z.object({
        channelId: opt(z.string()),
        inputParameters: opt(z.record(z.string(), z.unknown())),
      }),
    ),
  });

  return { launch, turn, userInput, richMedia, error, execute };
}

export const structural = models(false);
export const strict = models(true);

export type LaunchBody = z.infer<typeof structural.launch>;
export type TurnBody = z.infer<typeof structural.turn>;
export type UserInputEvent = z.infer<typeof structural.userInput>;
export type RichMediaEvent = z.infer<typeof structural.richMedia>;
export type ErrorEvent = z.infer<typeof structural.error>;
export type ExecuteBody = z.infer<typeof structural.execute>;
export type PostTextMessage = ExecuteBody['postTextMessage'];
