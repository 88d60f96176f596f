/**
 * The Textbots surface (textbots-api.md §1.1): launch, turn and execute, each a POST answering
 * 200 with a body, errors as Genesys ErrorBody (src/api/errors.ts).
 */
import { z } from 'zod';

import type { BuildService } from '../../engine/builds.js';
import type { Engine } from '../../engine/engine.js';
import type { Store } from '../../engine/store.js';
import { route } from '../route.js';
import type { RouteDef } from '../route.js';
import { execute } from './execute.js';
import { launch } from './launch.js';
import { structural } from './schemas.js';
import { botflowTurn } from './turn.js';

export interface TextbotsDeps {
  readonly store: Store;
  readonly builds: BuildService;
  readonly engine: Engine;
}

const TAGS = ['Textbots'];
const errors = {
  400: { description: 'Genesys ErrorBody: bad.request, invalid.value, or a rule of the operation' },
  401: { description: 'Genesys ErrorBody: authentication.required or bad.credentials' },
  403: { description: 'Genesys ErrorBody: missing.permissions' },
  404: { description: 'Genesys ErrorBody: not.found' },
  409: { description: 'Genesys ErrorBody: request.conflict (the session stayed busy 10 s)' },
};

export function textbotsRoutes(deps: TextbotsDeps): RouteDef[] {
  return [
    route({
      method: 'POST',
      url: '/api/v2/textbots/botflows/sessions',
      surface: 'textbots',
      tags: TAGS,
      summary: 'Launch a bot-flow session (postTextbotsBotflowsSessions)',
      auth: { anyOf: ['textbots:botFlowSession:execute'] },
      body: structural.launch,
      responses: {
        200: {
          description: 'TextBotFlowLaunchResponse',
          schema: z.object({ id: z.string() }),
        },
        ...errors,
      },
      async handle({ principal, body }) {
        return { status: 200, body: await launch(deps, principal, body) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v2/textbots/botflows/sessions/:sessionId/turns',
      surface: 'textbots',
      tags: TAGS,
      summary: 'Send a turn to a bot-flow session (postTextbotsBotflowsSessionTurns)',
      auth: { anyOf: ['textbots:botFlowSession:execute'] },
      params: z.object({ sessionId: z.string() }),
      body: structural.turn,
      responses: { 200: { description: 'TextBotFlowTurnResponse' }, ...errors },
      async handle({ principal, params, body }) {
        return { status: 200, body: await botflowTurn(deps, principal, params.sessionId, body) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v2/textbots/bots/execute',
      surface: 'textbots',
      tags: TAGS,
      summary: 'Send a message to a bot (postTextbotsBotsExecute)',
      auth: { anyOf: ['textbots:session:execute'] },
      body: structural.execute,
      responses: { 200: { description: 'PostTextResponse' }, ...errors },
      async handle({ principal, body }) {
        return { status: 200, body: await execute(deps, principal, body) };
      },
    }),
  ];
}
