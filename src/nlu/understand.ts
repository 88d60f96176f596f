/**
 * A bot's whole NLU (csml.md §18.2): trained from its `nlu` definition at build time into one
 * JSON value stored in the BotVersion, loaded once per version, and applied to a text as the
 * inference result `{intent, alternatives, entities}`: the intent with its calibrated
 * confidence (null below the threshold), and the slots of that intent found in the text.
 */
import { parseNluDefinition } from './definition.js';
import type { NluDefinition, NluDefinitionProblem } from './definition.js';
import { extractEntities } from './entities/extract.js';
import type { Entity } from './entities/types.js';
import { loadModel, predict, trainModel } from './model.js';
import type { IntentModel, ScoredIntent, SerializedIntentModel } from './model.js';
import type { NluLanguage } from './text/languages.js';

export interface TrainedNlu {
  readonly definition: NluDefinition;
  readonly intents: SerializedIntentModel;
}

export interface Understanding {
  readonly intent: ScoredIntent | null;
  readonly alternatives: readonly ScoredIntent[];
  readonly entities: readonly Entity[];
}

export interface UnderstandOptions {
  /** The turn's clock, epoch ms: relative dates resolve against it. */
  readonly now: number;
  /** Default: the bot's first language. */
  readonly language?: NluLanguage;
  readonly timezone?: string;
}

/** A definition that cannot be trained: the problems, with members relative to `nlu`. */
export class NluDefinitionError extends Error {
  constructor(readonly problems: readonly NluDefinitionProblem[]) {
    super(problems.map((p) => `${p.field === '' ? 'nlu' : p.field} ${p.message}`).join('; '));
    this.name = 'NluDefinitionError';
  }
}

/** Checks and trains a definition (the bot's `nlu` member, not null). */
export function trainNlu(input: unknown): TrainedNlu {
  const parsed = parseNluDefinition(input);
  if (!parsed.ok) throw new NluDefinitionError(parsed.problems);
  const { definition } = parsed;
  const intents = trainModel({
    languages: definition.languages,
    threshold: definition.threshold,
    intents: definition.intents.map((intent) => ({
      name: intent.name,
      utterances: intent.utterances,
    })),
  });
  return { definition, intents };
}

/** A trained NLU ready to answer. */
export class Nlu {
  private readonly model: IntentModel;
  private readonly slotsOf: ReadonlyMap<string, NluDefinition['intents'][number]['slots']>;

  constructor(private readonly trained: TrainedNlu) {
    this.model = loadModel(trained.intents);
    this.slotsOf = new Map(trained.definition.intents.map((i) => [i.name, i.slots]));
  }

  /** Loads what `trainNlu` made, as it comes back from JSON. */
  static load(value: unknown): Nlu {
    const trained = value as TrainedNlu;
    const parsed = parseNluDefinition(trained.definition);
    if (!parsed.ok) throw new NluDefinitionError(parsed.problems);
    return new Nlu({ definition: parsed.definition, intents: trained.intents });
  }

  get languages(): readonly NluLanguage[] {
    return this.trained.definition.languages;
  }

  understand(text: string, options: UnderstandOptions): Understanding {
    const { intent, alternatives } = predict(this.model, text);
    const slots = intent ? (this.slotsOf.get(intent.name) ?? []) : [];
    const entities =
      slots.length === 0
        ? []
        : extractEntities(text, slots, {
            now: options.now,
            language: options.language ?? this.trained.definition.languages[0] ?? 'en',
            slotTypes: this.trained.definition.slotTypes,
            ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
          });
    return { intent, alternatives, entities };
  }
}
