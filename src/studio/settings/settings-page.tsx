/**
 * #/bots/<botId>/settings: the bot's name, description and default flow, its `env` (what CSML
 * reads as `_env`) and its `settings` (csml.md §14.5) as JSON, checked before they are sent.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

import type { Api } from '../api.js';
import { useWorkspace } from '../bots/use-workspace.js';
import type { Workspace } from '../bots/workspace.js';
import { ErrorNotice } from '../ui/notices.js';
import { parseJsonObject, settingsChange, showJson } from './json-object.js';

export function SettingsPage(props: { api: Api; workspace: Workspace }): JSX.Element {
  const { api } = props;
  const workspace = useWorkspace(props.workspace);
  const { bot } = workspace;
  const [name, setName] = useState(bot.name);
  const [description, setDescription] = useState(bot.description ?? '');
  const [defaultFlow, setDefaultFlow] = useState(bot.default_flow ?? '');
  const [env, setEnv] = useState(() => showJson(bot.env));
  const [settings, setSettings] = useState(() => showJson(bot.settings));
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<unknown>(null);

  const envParsed = parseJsonObject(env);
  const settingsParsed = parseJsonObject(settings);
  const nameError = name.trim() === '' ? 'The bot needs a name.' : null;

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setChecked(true);
    setStatus('');
    if (nameError !== null || !envParsed.ok || !settingsParsed.ok) {
      setFailure(new Error('Fix the fields marked below, then save again.'));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const updated = await api.updateBot(bot.id, {
        name: name.trim(),
        description: description.trim() === '' ? null : description,
        ...(defaultFlow === '' ? {} : { default_flow: defaultFlow }),
        env: envParsed.value,
        settings: settingsChange(bot.settings, settingsParsed.value),
      });
      workspace.setBot(updated);
      setEnv(showJson(updated.env));
      setSettings(showJson(updated.settings));
      setChecked(false);
      setStatus(`Settings saved at ${new Date().toLocaleTimeString()}.`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (id: string, message: string | null): JSX.Element | null =>
    message === null ? null : (
      <p id={id} class="field-error">
        {message}
      </p>
    );
  // JSON is checked as it is typed; the name only once a save was tried.
  const envError = envParsed.ok ? null : envParsed.error;
  const settingsError = settingsParsed.ok ? null : settingsParsed.error;
  const shownNameError = checked ? nameError : null;

  return (
    <section class="page-section" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form class="form settings" onSubmit={(event) => void submit(event)} noValidate>
        <div class="field">
          <label for="bot-name">Bot name</label>
          <input
            id="bot-name"
            type="text"
            value={name}
            aria-invalid={shownNameError !== null}
            aria-describedby={shownNameError === null ? undefined : 'bot-name-error'}
            onInput={(event) => {
              setName(event.currentTarget.value);
            }}
          />
          {fieldError('bot-name-error', shownNameError)}
        </div>
        <div class="field">
          <label for="bot-description">Description</label>
          <textarea
            id="bot-description"
            rows={2}
            value={description}
            onInput={(event) => {
              setDescription(event.currentTarget.value);
            }}
          />
        </div>
        <div class="field">
          <label for="bot-default-flow">Default flow</label>
          <select
            id="bot-default-flow"
            value={defaultFlow}
            aria-describedby="bot-default-flow-hint"
            onChange={(event) => {
              setDefaultFlow(event.currentTarget.value);
            }}
          >
            {defaultFlow === '' && <option value="">(none)</option>}
            {workspace.flows.map((flow) => (
              <option key={flow.id} value={flow.id}>
                {flow.name}
              </option>
            ))}
          </select>
          <p id="bot-default-flow-hint" class="hint">
            Where a new conversation starts when no command or intent picks another flow.
          </p>
        </div>
        <div class="field">
          <label for="bot-env">Environment (env, JSON object)</label>
          <textarea
            id="bot-env"
            class="code"
            rows={6}
            spellcheck={false}
            value={env}
            aria-invalid={envError !== null}
            aria-describedby={envError === null ? 'bot-env-hint' : 'bot-env-error bot-env-hint'}
            onInput={(event) => {
              setEnv(event.currentTarget.value);
            }}
          />
          {fieldError('bot-env-error', envError)}
          <p id="bot-env-hint" class="hint">
            Read in flows as <code>_env</code>, e.g. <code>{'{"API_URL": "https://…"}'}</code>;
            replaced whole on save and frozen into the next build.
          </p>
        </div>
        <div class="field">
          <label for="bot-settings">Engine settings (settings, JSON object)</label>
          <textarea
            id="bot-settings"
            class="code"
            rows={6}
            spellcheck={false}
            value={settings}
            aria-invalid={settingsError !== null}
            aria-describedby={
              settingsError === null ? 'bot-settings-hint' : 'bot-settings-error bot-settings-hint'
            }
            onInput={(event) => {
              setSettings(event.currentTarget.value);
            }}
          />
          {fieldError('bot-settings-error', settingsError)}
          <p id="bot-settings-hint" class="hint">
            For example <code>{'{"stepLimit": 100, "sessionTtlMinutes": 30}'}</code>; a key removed
            here is removed from the bot.
          </p>
        </div>
        {failure !== null && <ErrorNotice title="Not saved:" error={failure} />}
        <p role="status" class="status">
          {status}
        </p>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
            Save settings
          </button>
        </div>
      </form>
    </section>
  );
}
