/**
 * Wires one Parley server process (ARCHITECTURE.md "Layers"): the store from the
 * configuration, the server secret, the first start, the engine services, every facade's
 * routes, the authenticator, and the HTTP server.
 */
import type { FastifyBaseLogger } from 'fastify';

import { BotService } from '../engine/bots.js';
import { BuildService } from '../engine/builds.js';
import { Engine } from '../engine/engine.js';
import { appClient, BLOCKED_OUTBOUND, chatHost } from '../engine/host.js';
import { remoteOutbound } from '../engine/outbound.js';
import type { Store } from '../engine/store.js';
import { openStore } from '../store/open-store.js';
import { createAuthenticator } from './auth/authenticate.js';
import { loadServerSecret } from './auth/server-secret.js';
import type { ServerSecret } from './auth/server-secret.js';
import { keysRoutes } from './admin/keys-routes.js';
import { organizationRoutes } from './admin/organization-routes.js';
import type { ServerConfig } from './config.js';
import { firstStart } from './first-start.js';
import type { FirstStart } from './first-start.js';
import type { RouteDef } from './route.js';
import { createServer } from './server.js';
import type { ParleyServer } from './server.js';
import { botManagementRoutes } from './studio/bot-routes.js';
import { chatRoutes } from './studio/chat-routes.js';
import { conversationRoutes } from './studio/conversation-routes.js';
import { oauthRoutes } from './oauth/token-route.js';
import { textbotsRoutes } from './textbots/routes.js';
import { conversationsSurface, sessionTokenVerifier } from './conversations/routes.js';

export interface ParleyApp {
  readonly server: ParleyServer;
  readonly store: Store;
  /** Set when this start created the default organization (print it once). */
  readonly firstStart: FirstStart | null;
  readonly secret: ServerSecret;
  /** Closes the HTTP server (finishing in-flight requests), then the store. */
  close(): Promise<void>;
}

export interface AppOptions {
  readonly config: ServerConfig;
  /** An open store to use instead of the configured one (tests). */
  readonly store?: Store;
  readonly logger?: FastifyBaseLogger;
  readonly now?: () => number;
  /** The built web studio to serve instead of dist/studio (tests). */
  readonly studioDir?: string;
}

export async function createApp(options: AppOptions): Promise<ParleyApp> {
  const { config } = options;
  const now = options.now ?? Date.now;
  const store =
    options.store ??
    (await openStore({
      ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
      dataDir: config.dataDir,
    }));
  try {
    const secret = await loadServerSecret({
      ...(config.secret === undefined ? {} : { secret: config.secret }),
      dataDir: config.dataDir,
    });
    const bots = new BotService(store, secret, now);
    const builds = new BuildService(store, now);
    const created = await firstStart(store, { bots, builds }, secret, now);
    // PARLEY_ALLOW_REMOTE_FETCH: HTTP().send() and App() go out; SMTP is refused either way.
    const outbound = config.allowRemoteFetch ? remoteOutbound() : BLOCKED_OUTBOUND;
    const engine = new Engine(store, {
      now,
      host: (version, conversation) =>
        chatHost({
          appsEndpoint: version.settings.appsEndpoint,
          client: appClient(conversation),
          outbound,
        }),
    });
    const conversations = conversationsSurface({
      store,
      builds,
      serverSecret: secret,
      config,
      now,
    });
    const routes: RouteDef[] = [
      ...botManagementRoutes({ store, bots, builds, now }),
      ...chatRoutes({ store, builds, engine, now }),
      ...conversationRoutes(store),
      ...keysRoutes({ store, serverSecret: secret, now }),
      ...organizationRoutes({ store, serverSecret: secret, now }),
      ...textbotsRoutes({ store, builds, engine }),
      ...oauthRoutes({ store, ttlSeconds: config.tokenTtlSeconds, now }),
      ...conversations.routes,
    ];
    const authenticate = createAuthenticator({
      store,
      serverSecret: secret,
      ...(config.adminToken === undefined ? {} : { adminToken: config.adminToken }),
      sessionTokens: sessionTokenVerifier({ store, serverSecret: secret }),
      now,
    });
    const server = await createServer({
      config,
      store,
      routes,
      authenticate,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.studioDir === undefined ? {} : { studioDir: options.studioDir }),
    });
    const sweeper = conversations.startSweeper((error) => {
      server.logger.error({ err: error }, 'conversations upkeep failed');
    });
    return {
      server,
      store,
      firstStart: created,
      secret,
      async close() {
        await server.close();
        await sweeper.stop();
        await store.close();
      },
    };
  } catch (error) {
    if (!options.store) await store.close();
    throw error;
  }
}
