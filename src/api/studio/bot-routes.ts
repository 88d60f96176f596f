/**
 * Studio bot, flow, validate, build and usage routes (studio-api.md §5) with their native
 * mirrors (§9.2), and the native bot collection (§9.1). Handlers map wire ↔ engine only.
 */
import type { BotService } from '../../engine/bots.js';
import type { BuildService, DraftBot } from '../../engine/builds.js';
import type { Diagnostic } from '../../csml/diagnostics.js';
import { EngineError } from '../../engine/errors.js';
import type { Store } from '../../engine/store.js';
import { botUsage } from '../../engine/usage.js';
import { route } from '../route.js';
import type { RouteDef } from '../route.js';
import { botRoutes } from './bot-scope.js';
import {
  botParams,
  botPatchSchema,
  buildQuerySchema,
  buildsQuerySchema,
  flowParams,
  flowPatchSchema,
  newBotSchema,
  newFlowSchema,
  validateBodySchema,
} from './schemas.js';
import { botView, diagnosticView, flowView, versionSummaryView, versionView } from './views.js';

export interface StudioDeps {
  readonly store: Store;
  readonly bots: BotService;
  readonly builds: BuildService;
  readonly now: () => number;
}

const READ = { anyOf: ['bots:read'] };
const MANAGE = { anyOf: ['bots:manage'] };

export function botManagementRoutes(deps: StudioDeps): RouteDef[] {
  const { bots, builds } = deps;
  return [
    route({
      method: 'POST',
      url: '/v1/bots',
      surface: 'studio',
      tags: ['Bots'],
      summary: 'Create a bot with its flows',
      auth: { anyOf: ['bots:manage'], orgLevel: true },
      body: newBotSchema,
      async handle({ principal, body }) {
        const { bot, flows } = await bots.create(principal.orgId, {
          name: body.name,
          description: body.description,
          env: body.env,
          settings: body.settings,
          customComponents: body.custom_components,
          nlu: body.nlu,
          llm: body.llm,
          flows: body.flows,
          defaultFlow: body.default_flow,
        });
        return { status: 201, body: botView(bot, flows) };
      },
    }),
    route({
      method: 'GET',
      url: '/v1/bots',
      surface: 'studio',
      tags: ['Bots'],
      summary: "List the organization's bots",
      auth: READ,
      async handle({ principal }) {
        const all = await bots.list(principal.orgId);
        const visible =
          principal.botId === null ? all : all.filter((b) => b.id === principal.botId);
        return { body: visible.map((bot) => botView(bot)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/v1/bots/:botId',
      surface: 'studio',
      tags: ['Bots'],
      summary: 'Delete a bot with everything it owns',
      auth: { anyOf: ['bots:manage'], orgLevel: true },
      params: botParams,
      async handle({ principal, params }) {
        await bots.delete(principal.orgId, params.botId);
        return { status: 204 };
      },
    }),

    ...botRoutes({
      method: 'GET',
      studio: '/bot',
      native: '',
      summary: 'Get the bot with its flows',
      auth: READ,
      async handle(ref) {
        const { bot, flows } = await bots.get(ref.orgId, ref.botId);
        return { body: botView(bot, flows) };
      },
    }),
    ...botRoutes({
      method: 'PUT',
      studio: '/bot',
      native: '',
      summary: 'Update the bot',
      auth: MANAGE,
      body: botPatchSchema,
      async handle(ref, { body }) {
        const { bot, flows } = await bots.update(ref.orgId, ref.botId, {
          name: body.name,
          description: body.description,
          defaultFlow: body.default_flow,
          env: body.env,
          settings: body.settings,
          customComponents: body.custom_components,
          nlu: body.nlu,
          llm: body.llm,
        });
        return { body: botView(bot, flows) };
      },
    }),
    ...botRoutes({
      method: 'GET',
      studio: '/bot/flows',
      native: '/flows',
      summary: 'List the flows in flow order',
      auth: READ,
      async handle(ref) {
        return { body: (await bots.listFlows(ref.orgId, ref.botId)).map(flowView) };
      },
    }),
    ...botRoutes({
      method: 'POST',
      studio: '/bot/flows',
      native: '/flows',
      summary: 'Create a flow',
      auth: MANAGE,
      body: newFlowSchema,
      async handle(ref, { body }) {
        return { body: flowView(await bots.createFlow(ref.orgId, ref.botId, body)) };
      },
    }),
    ...botRoutes({
      method: 'GET',
      studio: '/bot/flows/:flowId',
      native: '/flows/:flowId',
      summary: 'Get a flow',
      auth: READ,
      params: flowParams,
      async handle(ref, { params }) {
        return { body: flowView(await bots.getFlow(ref.orgId, ref.botId, params.flowId)) };
      },
    }),
    ...botRoutes({
      method: 'PUT',
      studio: '/bot/flows/:flowId',
      native: '/flows/:flowId',
      summary: 'Update or rename a flow',
      auth: MANAGE,
      params: flowParams,
      body: flowPatchSchema,
      async handle(ref, { params, body }) {
        const flow = await bots.updateFlow(ref.orgId, ref.botId, params.flowId, body);
        return { body: flowView(flow) };
      },
    }),
    ...botRoutes({
      method: 'DELETE',
      studio: '/bot/flows/:flowId',
      native: '/flows/:flowId',
      summary: 'Delete a flow (not the default flow)',
      auth: MANAGE,
      params: flowParams,
      async handle(ref, { params }) {
        await bots.deleteFlow(ref.orgId, ref.botId, params.flowId);
        return { status: 204 };
      },
    }),
    ...botRoutes({
      method: 'GET',
      studio: '/bot/usage',
      native: '/usage',
      summary: 'Messages and distinct clients per period',
      auth: READ,
      async handle(ref) {
        await bots.get(ref.orgId, ref.botId);
        const usage = await botUsage(deps.store, ref.orgId, ref.botId, deps.now());
        return { body: usage };
      },
    }),
    ...botRoutes({
      method: 'POST',
      studio: '/bot/validate',
      native: '/validate',
      summary: 'Validate the draft or a bot given in the body',
      auth: READ,
      body: validateBodySchema,
      async handle(ref, { body }) {
        const draft: DraftBot | undefined = body && {
          name: body.name ?? '',
          defaultFlow: body.default_flow ?? body.flows[0]?.name ?? null,
          flows: body.flows,
          settings: body.settings ?? {},
          customComponents: body.custom_components ?? {},
          nlu: body.nlu ?? null,
        };
        const result = await builds.validate(ref.orgId, ref.botId, draft);
        return {
          body: {
            valid: result.valid,
            ...(result.valid ? {} : { errors: result.errors.map(diagnosticView) }),
            ...(result.warnings.length > 0
              ? { warnings: result.warnings.map(diagnosticView) }
              : {}),
          },
        };
      },
    }),
    ...botRoutes({
      method: 'POST',
      studio: '/bot/build',
      native: '/build',
      summary: 'Build an immutable version of the draft',
      auth: MANAGE,
      async handle(ref) {
        try {
          return { body: versionView(await builds.build(ref.orgId, ref.botId)) };
        } catch (error) {
          throw error instanceof EngineError && error.code === 'invalid_bot'
            ? wireDiagnostics(error)
            : error;
        }
      },
    }),
    ...botRoutes({
      method: 'GET',
      studio: '/bot/build',
      native: '/build',
      summary: 'Get the latest version, or one by version_id',
      auth: READ,
      query: buildQuerySchema,
      async handle(ref, { query }) {
        return { body: versionView(await builds.get(ref.orgId, ref.botId, query.version_id)) };
      },
    }),
    ...botRoutes({
      method: 'GET',
      studio: '/bot/builds',
      native: '/builds',
      summary: 'Build history, newest first',
      auth: READ,
      query: buildsQuerySchema,
      async handle(ref, { query }) {
        await bots.get(ref.orgId, ref.botId);
        const list = await deps.store.listVersions(ref.orgId, ref.botId, {
          limit: query.limit,
          ...(query.before === undefined ? {} : { before: query.before }),
        });
        return { body: list.map(versionSummaryView) };
      },
    }),
  ];
}

/** A refused build's diagnostics in the Studio wire form (§4.4). */
function wireDiagnostics(error: EngineError): EngineError {
  const list = (value: unknown) => (value as Diagnostic[] | undefined)?.map(diagnosticView) ?? [];
  return new EngineError(error.code, error.message, {
    details: { errors: list(error.details?.errors), warnings: list(error.details?.warnings) },
  });
}
