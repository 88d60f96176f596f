/**
 * A turn request after C3 (textbots-api.md §2.2): its event type, the one payload object that
 * matches it (the others are ignored, even when present), and the T3 digest of what counts.
 */
import type { Json } from '../../csml/json.js';
import { checkEnums, checkPart } from './check-request.js';
import { digestOf } from './digest.js';
import type { InputEventType } from './enums.js';
import { strict, structural } from './schemas.js';
import type { ErrorEvent, RichMediaEvent, TurnBody, UserInputEvent } from './schemas.js';

export type TurnInput =
  | { readonly type: 'UserInput'; readonly payload: UserInputEvent }
  | { readonly type: 'RichMediaInput'; readonly payload: RichMediaEvent }
  | { readonly type: 'Error'; readonly payload: ErrorEvent | null }
  | {
      readonly type: Exclude<InputEventType, 'UserInput' | 'RichMediaInput' | 'Error'>;
      readonly payload: null;
    };

export interface ReadTurn {
  readonly input: TurnInput;
  readonly previousTurnId: string | null;
  readonly digest: string;
}

export function readTurn(body: TurnBody): ReadTurn {
  checkEnums(strict.turn, body);
  const type = body.inputEventType as InputEventType;
  let input: TurnInput;
  switch (type) {
    case 'UserInput': {
      const payload = checkPart(
        structural.userInput,
        body.inputEventUserInput,
        'inputEventUserInput',
      );
      checkEnums(strict.userInput, payload, 'inputEventUserInput');
      input = { type, payload };
      break;
    }
    case 'RichMediaInput': {
      const payload = checkPart(
        structural.richMedia,
        body.inputEventRichMedia,
        'inputEventRichMedia',
      );
      checkEnums(strict.richMedia, payload, 'inputEventRichMedia');
      input = { type, payload };
      break;
    }
    case 'Error': {
      const raw = body.inputEventError;
      const payload =
        raw === undefined || raw === null
          ? null
          : checkPart(structural.error, raw, 'inputEventError');
      input = { type, payload };
      break;
    }
    case 'NoOp':
    case 'NoMatch':
    case 'NoInput':
    case 'UserDisconnect':
    case 'ClientSessionExpired':
      input = { type, payload: null };
      break;
  }
  const previousTurnId = body.previousTurn?.id ?? null;
  const digest = digestOf({
    previousTurn: previousTurnId,
    inputEventType: type,
    payload: input.payload as Json,
  });
  return { input, previousTurnId, digest };
}

/** The payload of the first ButtonResponse of a RichMediaInput (T4), or null. */
export function buttonPayload(event: RichMediaEvent): string | null {
  for (const item of event.inputs ?? []) {
    if (item.contentType === 'ButtonResponse' && item.buttonResponse) {
      return item.buttonResponse.payload;
    }
  }
  return null;
}
