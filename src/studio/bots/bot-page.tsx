/**
 * A bot's pages (#/bots/<botId>/…): its name, the section nav (Flows, Versions, Playground,
 * Conversations, Settings) and the section. Owns the bot's workspace (drafts included) and the
 * guard that asks before unsaved flow changes are lost.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

import type { Api } from '../api.js';
import { Conversations } from '../conversations/conversations.js';
import { FlowList } from '../flows/flow-list.js';
import { FlowPage } from '../flows/flow-page.js';
import { navigate, setLeaveGuard } from '../navigation.js';
import { Playground } from '../playground/playground.js';
import { botIdOf, hashOf, sectionOf } from '../router.js';
import type { BotRoute, Route } from '../router.js';
import { SettingsPage } from '../settings/settings-page.js';
import { useLoad } from '../ui/loadable.js';
import { ErrorNotice, Loading } from '../ui/notices.js';
import { VersionsPage } from '../versions/versions-page.js';
import { useWorkspace } from './use-workspace.js';
import { Workspace } from './workspace.js';

const SECTIONS = [
  ['flows', 'Flows'],
  ['versions', 'Versions'],
  ['playground', 'Playground'],
  ['conversations', 'Conversations'],
  ['settings', 'Settings'],
] as const;

type Section = (typeof SECTIONS)[number][0];

function sectionRoute(botId: string, section: Section): Route {
  return section === 'conversations'
    ? { page: 'conversations', botId, conversationId: null }
    : { page: section, botId };
}

export function BotPage(props: { api: Api; route: BotRoute }): JSX.Element {
  const { api, route } = props;
  const { botId } = route;
  const { state, reload } = useLoad(async () => {
    const bot = await api.getBot(botId);
    return new Workspace(bot, bot.flows ?? (await api.listFlows(botId)));
  }, [api, botId]);

  if (state.status === 'loading') {
    return (
      <section class="page">
        <Loading label="Loading the bot…" />
      </section>
    );
  }
  if (state.status === 'error') {
    return (
      <section class="page">
        <p class="crumbs">
          <a href="#/bots">All bots</a>
        </p>
        <h1>Bot</h1>
        <ErrorNotice
          title="Could not open this bot:"
          error={state.error}
          action={
            <button type="button" onClick={reload}>
              Retry
            </button>
          }
        />
      </section>
    );
  }
  return <BotShell api={api} workspace={state.value} route={route} />;
}

function BotShell(props: { api: Api; workspace: Workspace; route: BotRoute }): JSX.Element {
  const { api, route } = props;
  const workspace = useWorkspace(props.workspace);
  const { bot } = workspace;
  const section = sectionOf(route);
  const [menuOpen, setMenuOpen] = useState(false);

  // The guard, installed once per workspace, reads the route of the moment.
  const routeRef = useRef(route);
  routeRef.current = route;

  useEffect(
    () =>
      setLeaveGuard((next) => {
        const current = routeRef.current;
        if (next !== null && botIdOf(next) === workspace.bot.id) {
          if (current.page !== 'flow' || !workspace.isDirty(current.flowId)) return null;
          if (next.page === 'flow' && next.flowId === current.flowId) return null;
          const name = workspace.flow(current.flowId)?.name ?? 'this flow';
          return {
            question: `Leave flow ${name}? Its unsaved changes will be lost.`,
            discard: () => {
              workspace.discard(current.flowId);
            },
          };
        }
        if (!workspace.isDirty()) return null;
        const names = workspace.dirtyNames();
        return {
          question: `Leave ${workspace.bot.name}? Unsaved changes to ${
            names.length === 1 ? 'flow' : 'flows'
          } ${names.join(', ')} will be lost.`,
          discard: () => {
            workspace.discard();
          },
        };
      }),
    [workspace],
  );

  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent): void => {
      if (!workspace.isDirty()) return;
      event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [workspace]);

  const sectionLabel = SECTIONS.find(([key]) => key === section)?.[1] ?? '';
  useEffect(() => {
    document.title = `${bot.name} · ${sectionLabel} · Parley Studio`;
  }, [bot.name, sectionLabel]);

  useEffect(() => {
    setMenuOpen(false);
  }, [route]);

  let content: JSX.Element;
  switch (route.page) {
    case 'flows':
      content = <FlowList api={api} workspace={workspace} />;
      break;
    case 'flow':
      content = <FlowPage api={api} workspace={workspace} flowId={route.flowId} />;
      break;
    case 'versions':
      content = <VersionsPage api={api} workspace={workspace} />;
      break;
    case 'playground':
      content = <Playground api={api} bot={bot} />;
      break;
    case 'conversations':
      content = (
        <Conversations
          api={api}
          bot={bot}
          conversationId={route.conversationId}
          navigate={navigate}
        />
      );
      break;
    case 'settings':
      content = <SettingsPage api={api} workspace={workspace} />;
      break;
  }

  return (
    <div class="bot">
      <div class="bot-head">
        <div class="bot-title">
          <p class="crumbs">
            <a href="#/bots">All bots</a>
          </p>
          <h1>{bot.name}</h1>
        </div>
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="bot-nav"
          onClick={() => {
            setMenuOpen(!menuOpen);
          }}
        >
          <span aria-hidden="true">☰ </span>Menu
          <span class="menu-current" aria-hidden="true">
            {' '}
            · {sectionLabel}
          </span>
        </button>
        <nav id="bot-nav" class={menuOpen ? 'bot-nav open' : 'bot-nav'} aria-label="Bot sections">
          <ul>
            {SECTIONS.map(([key, label]) => (
              <li key={key}>
                <a
                  href={hashOf(sectionRoute(bot.id, key))}
                  aria-current={key === section ? 'page' : undefined}
                >
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <div class="bot-body">{content}</div>
    </div>
  );
}
