/**
 * Find in the flow editor: Ctrl/Cmd-F opens a small panel ("Find", next, previous, close),
 * Enter and Shift-Enter (or F3, Shift-F3, Ctrl/Cmd-G) step through the matches, which are
 * highlighted; Escape closes the panel and returns to the text. Matching ignores case.
 *
 * Written here because @codemirror/search is not among the studio's dependencies; CodeMirror
 * renders only the lines in view, so the browser's own find cannot see the whole flow.
 */
import { EditorSelection, StateEffect, StateField } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, showPanel, ViewPlugin } from '@codemirror/view';
import type { DecorationSet, KeyBinding, Panel, ViewUpdate } from '@codemirror/view';

import { findAll, findNext } from './find-matches.js';

interface FindState {
  readonly open: boolean;
  readonly query: string;
}

const setFind = StateEffect.define<FindState>();

const findField = StateField.define<FindState>({
  create: () => ({ open: false, query: '' }),
  update(value, transaction) {
    for (const effect of transaction.effects) if (effect.is(setFind)) return effect.value;
    return value;
  },
  provide: (field) => showPanel.from(field, (state) => (state.open ? createPanel : null)),
});

const matchMark = Decoration.mark({ class: 'cm-findMatch' });

const highlightMatches = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = this.build(view);
    }
    update(update: ViewUpdate): void {
      const before = update.startState.field(findField);
      const after = update.state.field(findField);
      if (update.docChanged || update.viewportChanged || before !== after) {
        this.decorations = this.build(update.view);
      }
    }
    build(view: EditorView): DecorationSet {
      const { open, query } = view.state.field(findField);
      if (!open || query === '') return Decoration.none;
      const marks = [];
      for (const { from, to } of view.visibleRanges) {
        const text = view.state.sliceDoc(from, to);
        for (const match of findAll(text, query)) {
          if (match.to > match.from)
            marks.push(matchMark.range(from + match.from, from + match.to));
        }
      }
      return Decoration.set(marks, true);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

function step(view: EditorView, backwards: boolean): boolean {
  const { query } = view.state.field(findField);
  if (query === '') return false;
  const selection = view.state.selection.main;
  const match = findNext(
    view.state.doc.toString(),
    query,
    backwards ? selection.from : selection.to,
    backwards,
  );
  if (match === null) return true;
  view.dispatch({
    selection: EditorSelection.single(match.from, match.to),
    effects: EditorView.scrollIntoView(match.from, { y: 'center' }),
    userEvent: 'select.search',
  });
  return true;
}

function openFind(view: EditorView): boolean {
  const selection = view.state.selection.main;
  const selected = view.state.sliceDoc(selection.from, selection.to);
  const current = view.state.field(findField);
  const query = selected !== '' && !selected.includes('\n') ? selected : current.query;
  view.dispatch({ effects: setFind.of({ open: true, query }) });
  const input = view.dom.querySelector<HTMLInputElement>('.cm-find input');
  if (input) {
    input.value = query;
    input.focus();
    input.select();
  }
  return true;
}

function closeFind(view: EditorView): boolean {
  const current = view.state.field(findField);
  if (!current.open) return false;
  view.dispatch({ effects: setFind.of({ ...current, open: false }) });
  view.focus();
  return true;
}

let panelCount = 0;

function createPanel(view: EditorView): Panel {
  const id = `cm-find-${++panelCount}`;
  const dom = document.createElement('div');
  dom.className = 'cm-find';
  dom.setAttribute('role', 'search');

  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = 'Find';
  const input = document.createElement('input');
  input.id = id;
  input.type = 'search';
  input.value = view.state.field(findField).query;
  input.setAttribute('autocomplete', 'off');
  input.addEventListener('input', () => {
    view.dispatch({ effects: setFind.of({ open: true, query: input.value }) });
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(view, event.shiftKey);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeFind(view);
    } else if (event.key.toLowerCase() === 'f' && (event.ctrlKey || event.metaKey)) {
      // Already here: keep the browser's own find (which misses lines out of view) away.
      event.preventDefault();
      input.select();
    }
  });

  const button = (text: string, title: string, run: () => void): HTMLButtonElement => {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = text;
    element.title = title;
    element.addEventListener('click', run);
    return element;
  };
  dom.append(
    label,
    input,
    button('Next', 'Next match (Enter)', () => step(view, false)),
    button('Previous', 'Previous match (Shift+Enter)', () => step(view, true)),
    button('Close', 'Close (Escape)', () => closeFind(view)),
  );
  return { dom, top: true };
}

const findKeys: readonly KeyBinding[] = [
  { key: 'Mod-f', run: openFind, preventDefault: true },
  { key: 'F3', run: (view) => step(view, false), shift: (view) => step(view, true) },
  { key: 'Mod-g', run: (view) => step(view, false), shift: (view) => step(view, true) },
  { key: 'Escape', run: closeFind },
];

/** The find panel, its keys and its highlighting. */
export function find(): Extension {
  return [
    findField,
    highlightMatches,
    keymap.of(findKeys),
    EditorView.baseTheme({
      '.cm-findMatch': { backgroundColor: '#fde68a' },
      '.cm-find': {
        display: 'flex',
        flexWrap: 'wrap',
        gap: '0.4rem',
        alignItems: 'center',
        padding: '0.35rem 0.5rem',
      },
      '.cm-find input': { font: 'inherit', minWidth: '8rem', flex: '1 1 10rem' },
    }),
  ];
}
