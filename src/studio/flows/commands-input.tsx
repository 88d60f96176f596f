/**
 * A flow's commands as chips: type one and press Enter or a comma (pasting "a, b" adds both),
 * Backspace in the empty field takes the last one back, each chip has its remove button.
 */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';

import { addCommands, splitCommands } from './commands.js';

export function CommandsInput(props: {
  commands: readonly string[];
  onChange: (commands: readonly string[]) => void;
}): JSX.Element {
  const [text, setText] = useState('');
  const inputId = useId();
  const hintId = useId();
  const { commands } = props;

  const commit = (value: string): void => {
    const added = splitCommands(value);
    setText('');
    if (added.length > 0) props.onChange(addCommands(commands, added));
  };

  return (
    <div class="commands">
      <label for={inputId}>Commands</label>
      <div class="chips">
        <ul class="chip-list" aria-label="Commands of this flow">
          {commands.map((command) => (
            <li key={command} class="chip">
              <span>{command}</span>
              <button
                type="button"
                aria-label={`Remove command ${command}`}
                title={`Remove ${command}`}
                onClick={() => {
                  props.onChange(commands.filter((known) => known !== command));
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={inputId}
          type="text"
          value={text}
          placeholder={commands.length === 0 ? '/help, menu' : 'Add a command'}
          autoComplete="off"
          spellcheck={false}
          aria-describedby={hintId}
          onInput={(event) => {
            const value = event.currentTarget.value;
            if (value.includes(',')) commit(value);
            else setText(value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit(text);
            } else if (event.key === 'Backspace' && text === '' && commands.length > 0) {
              event.preventDefault();
              const last = commands[commands.length - 1]!;
              props.onChange(commands.slice(0, -1));
              setText(last);
            }
          }}
          onBlur={() => {
            commit(text);
          }}
        />
      </div>
      <p id={hintId} class="hint">
        Words that start this flow whatever the conversation is doing. Enter or a comma adds one;
        saved with the flow.
      </p>
    </div>
  );
}
