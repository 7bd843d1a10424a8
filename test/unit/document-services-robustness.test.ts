import assert from 'node:assert/strict';
import type { Position } from 'vscode-languageserver/node';
import {
  codeActions,
  completion,
  definition,
  documentHighlights,
  documentSymbols,
  foldingRanges,
  formatDocument,
  formatRange,
  hover,
  inlayHints,
  ParsedDocument,
  parseDocument,
  references,
  selectionRanges,
  semanticTokens,
  semanticTokensRange,
  setServiceErrorHandler,
  signatureHelp,
} from '../../server/src/features/document';
import { checkDocument } from '../../server/src/check/document';
import type { DocumentKind } from '../../server/src/model/types';
import { ADELE, entramapCorpus, graphCorpus } from '../fixtures/document-services/support';

const URI = 'file:///w/doc';
const options = { sampleUser: ADELE, now: new Date('2025-01-31T12:00:00Z') };

/** Every positional service at `p`. */
function everyService(doc: ParsedDocument, p: Position): void {
  completion(doc, p, options);
  hover(doc, p, options);
  definition(doc, p, { uri: URI });
  references(doc, p, { uri: URI });
  documentHighlights(doc, p);
  signatureHelp(doc, p);
  selectionRanges(doc, [p]);
}

function wholeDocument(doc: ParsedDocument): void {
  const end = doc.lines.positionAt(doc.text.length);
  const all = { start: { line: 0, character: 0 }, end };
  documentSymbols(doc);
  foldingRanges(doc);
  semanticTokens(doc);
  semanticTokensRange(doc, all);
  inlayHints(doc, all, options);
  formatDocument(doc);
  formatRange(doc, all);
  const { diagnostics } = checkDocument(doc.text, doc.kind);
  codeActions(doc, all, { diagnostics: diagnostics.map((d) => ({ ...d, severity: 1, range: d.range })) as never, only: undefined }, { uri: URI });
}

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('document services: robustness', () => {
  let errors: string[] = [];
  let previous: ReturnType<typeof setServiceErrorHandler>;
  before(() => {
    previous = setServiceErrorHandler((e, service) => errors.push(`${service}: ${e instanceof Error ? (e.stack ?? '').split('\n').slice(0, 3).join(' | ') : String(e)}`));
  });
  after(() => setServiceErrorHandler(previous));
  beforeEach(() => {
    errors = [];
  });
  afterEach(() => assert.deepEqual([...new Set(errors)].slice(0, 8), []));

  const corpus: { name: string; text: string; kind: DocumentKind }[] = [
    ...entramapCorpus().map((c) => ({ ...c, kind: 'entramap' as const })),
    ...graphCorpus().map((c) => ({ ...c, kind: 'graph-json' as const })),
  ];

  for (const c of corpus) {
    it(`answers at every position of ${c.name}`, () => {
      const doc = parseDocument(c.text, c.kind);
      wholeDocument(doc);
      // every character of the first 400 lines, then every 7th
      for (let o = 0; o <= c.text.length; o += o < 12000 ? 1 : 7) everyService(doc, doc.lines.positionAt(o));
    });
  }

  it('answers on every prefix of a document being typed', () => {
    const text = corpus.find((c) => c.name.endsWith('contoso.entramap'))!.text;
    for (let n = 0; n <= text.length; n += 3) {
      const doc = parseDocument(text.slice(0, n), 'entramap');
      const end = doc.lines.positionAt(n);
      everyService(doc, end);
      if (n % 30 === 0) wholeDocument(doc);
    }
  });

  it('answers on randomly damaged documents', () => {
    const random = rng(7);
    const pieces = ['{', '}', '"', '[', ']', '(', ')', '<-', '#', '\n', ' ', '@graph {', 'IS', 'filter', 'match', ',', '\\'];
    for (const c of corpus) {
      for (let k = 0; k < 6; k++) {
        let text = c.text;
        for (let j = 0; j < 4; j++) {
          const at = Math.floor(random() * text.length);
          const del = Math.floor(random() * 6);
          text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at + del);
        }
        const doc = parseDocument(text, c.kind);
        wholeDocument(doc);
        for (let s = 0; s < 60; s++) everyService(doc, doc.lines.positionAt(Math.floor(random() * (text.length + 1))));
      }
    }
  });
});
