/**
 * The CSML editor of one flow: CodeMirror 6 with the CSML language, line numbers, bracket
 * matching and closing, undo history, find, and the server's diagnostics as lint underlines.
 *
 * Diagnostics arrive for the text that was sent to …/validate (`basis`): they are shown only
 * while the editor still holds that text, since their line and byte columns mean nothing for
 * another one (a newer check is then on its way).
 */
import { autocompletion, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import type { Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorSelection, EditorState } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

import type { Diagnostic } from '../api.js';
import { csml, csmlHighlightStyle } from './csml-language.js';
import { positionOf, rangeOf } from './positions.js';

/** The nonce the server put in the page for this response's CSP (web-studio.ts). */
function cspNonce(): string {
  return document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
}

export const editorTheme = EditorView.theme({
  '&': { fontSize: '14px', backgroundColor: '#fff' },
  '.cm-scroller': {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    lineHeight: '1.55',
  },
  '.cm-content': { padding: '8px 0' },
  '.cm-gutters': { backgroundColor: '#f8fafc', color: '#64748b', borderRight: '1px solid #e2e8f0' },
  '.cm-activeLine': { backgroundColor: '#f1f5f9' },
  '.cm-activeLineGutter': { backgroundColor: '#e2e8f0', color: '#0f172a' },
  '&.cm-focused': { outline: '2px solid #2563eb', outlineOffset: '-2px' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: '#bfdbfe', outline: '1px solid #60a5fa' },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: '#fecaca' },
});

/** The editor's own extensions that every CSML view shares (the diff views too). */
export function csmlViewExtensions(): Extension {
  return [
    csml(),
    syntaxHighlighting(csmlHighlightStyle),
    EditorView.cspNonce.of(cspNonce()),
    editorTheme,
  ];
}

export interface Jump {
  readonly line: number;
  /** 1-based, in UTF-8 bytes, as diagnostics count. */
  readonly column: number;
  /** Changes for each request, so that the same place can be asked for twice. */
  readonly seq: number;
}

export interface EditorDiagnostics {
  /** The text these diagnostics were computed for. */
  readonly basis: string;
  readonly items: readonly Diagnostic[];
}

export function FlowEditor(props: {
  /** The flow's name, for the editor's accessible name. */
  name: string;
  /** The text to start from (a new flow id starts a new editor). */
  initial: string;
  onChange: (text: string) => void;
  diagnostics: EditorDiagnostics | null;
  jump: Jump | null;
}): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    if (!host.current) return undefined;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.initial,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          dropCursor(),
          EditorState.allowMultipleSelections.of(true),
          indentOnInput(),
          indentUnit.of('  '),
          bracketMatching(),
          closeBrackets(),
          // Offered on Ctrl-Space only: a list popping up while typing would take Enter.
          autocompletion({ activateOnTyping: false }),
          rectangularSelection(),
          crosshairCursor(),
          highlightActiveLine(),
          lintGutter(),
          search({ top: true }),
          highlightSelectionMatches(),
          keymap.of([
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            ...lintKeymap,
            ...searchKeymap,
            indentWithTab,
          ]),
          csmlViewExtensions(),
          EditorView.contentAttributes.of({
            'aria-label': `CSML of flow ${props.name}`,
            'aria-describedby': 'editor-keys',
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      view.current = null;
      editor.destroy();
    };
    // A new editor per flow: the parent keys this component by flow id.
  }, []);

  const { diagnostics } = props;
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const doc = editor.state.doc;
    if (diagnostics !== null && doc.toString() !== diagnostics.basis) return;
    const items: CmDiagnostic[] = (diagnostics?.items ?? []).map((item) => ({
      ...rangeOf(doc, item),
      severity: item.severity,
      message: item.message,
      source: item.code,
    }));
    editor.dispatch(setDiagnostics(editor.state, items));
  }, [diagnostics]);

  const { jump } = props;
  useEffect(() => {
    const editor = view.current;
    if (!editor || jump === null) return;
    const at = positionOf(editor.state.doc, jump.line, jump.column);
    editor.dispatch({
      selection: EditorSelection.cursor(at),
      effects: EditorView.scrollIntoView(at, { y: 'center' }),
    });
    editor.focus();
  }, [jump]);

  return <div class="editor" ref={host} />;
}
