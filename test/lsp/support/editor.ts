// Helpers for the editor-feature tests: a VS Code-like client (inlay hint refresh, definition
// links, dynamic formatting registration), typed requests by URI and position, applying edits,
// decoding semantic tokens, and marker fixtures opened as real documents.
import type {
  ClientCapabilities,
  CodeAction,
  Command,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Location,
  LocationLink,
  Position,
  Range,
  SelectionRange,
  SemanticTokens,
  SignatureHelp,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { markers, positionAt } from './fixtures';
import { DEFAULT_CAPABILITIES, OpenDoc, TestServer } from './server';

/** What VS Code 1.100 announces for the features these tests use. */
export const VSCODE_CAPABILITIES: ClientCapabilities = {
  ...DEFAULT_CAPABILITIES,
  workspace: { ...DEFAULT_CAPABILITIES.workspace, inlayHint: { refreshSupport: true }, semanticTokens: { refreshSupport: true } },
  textDocument: {
    ...DEFAULT_CAPABILITIES.textDocument,
    definition: { linkSupport: true },
    formatting: { dynamicRegistration: true },
    rangeFormatting: { dynamicRegistration: true },
    inlayHint: { dynamicRegistration: false },
    semanticTokens: {
      requests: { full: true, range: true },
      tokenTypes: [],
      tokenModifiers: [],
      formats: ['relative'],
    },
    foldingRange: { lineFoldingOnly: true },
  },
};

export interface MarkedDoc extends OpenDoc {
  /** Positions of the `|` markers, in order (the text has them removed). */
  at: Position[];
}

/** Opens a fixture with `|` markers (or another marker) removed. */
export async function openMarked(s: TestServer, name: string, source: string, marker = '|', languageId?: string): Promise<MarkedDoc> {
  const m = markers(source, marker);
  const doc = await s.openDoc(name, m.text, languageId);
  return { ...doc, at: m.positions };
}

/** Position of the `n`th occurrence (0-based) of `needle` in `text`, plus `delta` characters. */
export function find(text: string, needle: string, delta = 0, n = 0): Position {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (#${n}) not found`);
  }
  return positionAt(text, at + delta);
}

export const whole = (text: string): Range => ({ start: { line: 0, character: 0 }, end: positionAt(text, text.length) });

// ---- requests ---------------------------------------------------------------------------------

const td = (uri: string) => ({ textDocument: { uri } });

export async function completion(s: TestServer, uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[]> {
  const context = triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 };
  const r = await s.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { ...td(uri), position, context });
  return Array.isArray(r) ? r : r?.items ?? [];
}

/** Completion labels in the order the server ranks them (sortText, then label). */
export function ranked(items: CompletionItem[]): string[] {
  return items
    .slice()
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label))
    .map((i) => i.label);
}

export const hover = (s: TestServer, uri: string, position: Position) => s.request<Hover | null>('textDocument/hover', { ...td(uri), position });
export const signatureHelp = (s: TestServer, uri: string, position: Position) =>
  s.request<SignatureHelp | null>('textDocument/signatureHelp', { ...td(uri), position });
export const symbols = (s: TestServer, uri: string) => s.request<DocumentSymbol[] | null>('textDocument/documentSymbol', td(uri));
export const folding = (s: TestServer, uri: string) => s.request<FoldingRange[] | null>('textDocument/foldingRange', td(uri));
export const selection = (s: TestServer, uri: string, positions: Position[]) =>
  s.request<SelectionRange[] | null>('textDocument/selectionRange', { ...td(uri), positions });
export const tokens = (s: TestServer, uri: string) => s.request<SemanticTokens | null>('textDocument/semanticTokens/full', td(uri));
export const tokensRange = (s: TestServer, uri: string, range: Range) =>
  s.request<SemanticTokens | null>('textDocument/semanticTokens/range', { ...td(uri), range });
export const format = (s: TestServer, uri: string) =>
  s.request<TextEdit[] | null>('textDocument/formatting', { ...td(uri), options: { tabSize: 2, insertSpaces: true } });
export const formatRange = (s: TestServer, uri: string, range: Range) =>
  s.request<TextEdit[] | null>('textDocument/rangeFormatting', { ...td(uri), range, options: { tabSize: 2, insertSpaces: true } });
export const definition = (s: TestServer, uri: string, position: Position) =>
  s.request<LocationLink[] | Location[] | null>('textDocument/definition', { ...td(uri), position });
export const references = (s: TestServer, uri: string, position: Position, includeDeclaration = true) =>
  s.request<Location[] | null>('textDocument/references', { ...td(uri), position, context: { includeDeclaration } });
export const highlights = (s: TestServer, uri: string, position: Position) =>
  s.request<DocumentHighlight[] | null>('textDocument/documentHighlight', { ...td(uri), position });
export const inlayHints = (s: TestServer, uri: string, range: Range) => s.request<InlayHint[] | null>('textDocument/inlayHint', { ...td(uri), range });

export async function codeActions(s: TestServer, uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const r = await s.request<(CodeAction | Command)[] | null>('textDocument/codeAction', { ...td(uri), range, context: { diagnostics, ...(only ? { only } : {}) } });
  return (r ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof (a as Command).command === 'string'));
}

/** The label of an inlay hint as text. */
export function hintLabel(h: InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

// ---- edits and tokens ---------------------------------------------------------------------------

function offsetAt(text: string, p: Position): number {
  let line = 0;
  let i = 0;
  while (line < p.line && i < text.length) {
    if (text[i] === '\n') line++;
    i++;
  }
  return Math.min(text.length, i + p.character);
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Decodes relative semantic token data into `line:col "text" type[.modifier...]` lines. */
export function decodeTokens(text: string, data: readonly number[], legend: { tokenTypes: string[]; tokenModifiers: string[] }): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i + 4 < data.length + 1 && i < data.length; i += 5) {
    const [dl, dc, len, type, mods] = data.slice(i, i + 5);
    line += dl;
    char = dl ? dc : char + dc;
    const modifiers = legend.tokenModifiers.filter((_, b) => mods & (1 << b));
    out.push(`${line + 1}:${char + 1} ${JSON.stringify(lines[line].slice(char, char + len))} ${[legend.tokenTypes[type], ...modifiers].join('.')}`);
  }
  return out;
}
