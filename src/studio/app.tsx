/**
 * The studio's shell: sign-in, the header, and the page of the current hash route. Every page
 * change goes through the leave guard (navigation.ts), whichever way it came.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useErrorBoundary, useMemo, useRef, useState } from 'preact/hooks';

import { Api } from './api.js';
import { BotList } from './bots/bot-list.js';
import { BotPage } from './bots/bot-page.js';
import { confirmLeave } from './navigation.js';
import { parseHash } from './router.js';
import type { Route } from './router.js';
import { clearToken, loadToken } from './session.js';
import { SignIn } from './sign-in.js';
import { ErrorNotice } from './ui/notices.js';

/** A page that fails to render says so, instead of leaving the screen blank. */
function PageBoundary(props: { route: Route; children: ComponentChildren }): JSX.Element {
  const boundary: [unknown, () => void] = useErrorBoundary();
  const [error, reset] = boundary;
  const failed = error !== undefined;
  useEffect(() => {
    // Another page is another chance.
    if (failed) reset();
  }, [props.route]);
  if (error !== undefined) {
    return (
      <section class="page">
        <ErrorNotice
          title="This page stopped working:"
          error={error}
          action={
            <button type="button" onClick={reset}>
              Try again
            </button>
          }
        />
      </section>
    );
  }
  return <>{props.children}</>;
}

function Page(props: { api: Api; route: Route }): JSX.Element {
  const { api, route } = props;
  switch (route.page) {
    case 'bots':
      return <BotList api={api} />;
    case 'not_found':
      return (
        <section class="page">
          <h1>Page not found</h1>
          <p>
            Nothing in the studio lives at <code>{route.hash}</code>.{' '}
            <a href="#/bots">Go to your bots</a>.
          </p>
        </section>
      );
    case 'flows':
    case 'flow':
    case 'versions':
    case 'playground':
    case 'conversations':
    case 'settings':
      return <BotPage key={route.botId} api={api} route={route} />;
  }
}

export function App(): JSX.Element {
  const [token, setToken] = useState<string | null>(loadToken);
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  const api = useMemo(() => (token === null ? null : new Api(token)), [token]);
  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  useEffect(() => {
    let shown = window.location.hash;
    const onHashChange = (): void => {
      const next = parseHash(window.location.hash);
      if (!confirmLeave(next)) {
        // Stay: put the address back without another hashchange.
        const { pathname, search } = window.location;
        window.history.replaceState(window.history.state, '', `${pathname}${search}${shown}`);
        return;
      }
      shown = window.location.hash;
      setRoute(next);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => {
      window.removeEventListener('hashchange', onHashChange);
    };
  }, []);

  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    // A new page: start reading (and tabbing) from its top, as after a page load.
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [route]);

  useEffect(() => {
    if (route.page === 'bots') document.title = 'Bots · Parley Studio';
  }, [route]);

  if (api === null) {
    return (
      <SignIn
        onSignedIn={(signedIn) => {
          setToken(signedIn);
          if (parseHash(window.location.hash).page === 'not_found') window.location.hash = '#/bots';
        }}
      />
    );
  }

  const signOut = (): void => {
    if (!confirmLeave(null)) return;
    clearToken();
    setToken(null);
    document.title = 'Parley Studio';
  };

  return (
    <div class="shell">
      <button
        type="button"
        class="skip-link"
        onClick={() => {
          main.current?.focus();
        }}
      >
        Skip to content
      </button>
      <header class="topbar">
        <a class="brand" href="#/bots">
          <img src="/studio/favicon.svg" alt="" width={24} height={24} />
          Parley Studio
        </a>
        <button type="button" class="quiet" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <PageBoundary route={route}>
          <Page api={api} route={route} />
        </PageBoundary>
      </main>
    </div>
  );
}
