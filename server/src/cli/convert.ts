// `entramap convert FILE --to entramap|graph-json [-o OUT]`: .entramap ⇄ Graph
// synchronizationSchema JSON, losslessly. A file with errors is not converted: its diagnostics
// go to stderr as `file:line:col: severity CODE: message` and the exit code is 1.
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { printMapping } from '../language/mapping/printer';
import { LineIndex } from '../model/positions';
import type { ModelDiagnostic } from '../model/types';
import { detectDocumentKind, parseConfigurationDocument } from '../schema/document';
import { formatGraphJson, modelToGraphJson } from '../schema/write';
import { CliIO, EXIT_FAIL, EXIT_OK, EXIT_USAGE, option, parseArgs, UsageError } from './io';

const TARGETS = ['entramap', 'graph-json'] as const;

/** `file:line:col: severity CODE: message` (1-based line and column). */
export function formatDiagnostic(file: string, text: string, d: ModelDiagnostic, index = new LineIndex(text)): string {
  const p = index.positionAt(d.range.start);
  return `${file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}`;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  // `-o` is the one short option; io.parseArgs knows long options only.
  const args = argv.map((a) => (a === '-o' ? '--output' : a.startsWith('-o=') ? `--output=${a.slice(3)}` : a));
  const parsed = parseArgs(args, { to: { value: true }, output: { value: true } });
  if (parsed.positionals.length !== 1) {
    throw new UsageError(parsed.positionals.length ? 'convert takes one input file' : 'missing input FILE');
  }
  const to = option(parsed, 'to');
  if (!to) throw new UsageError('missing --to entramap|graph-json');
  if (!(TARGETS as readonly string[]).includes(to)) throw new UsageError(`--to must be entramap or graph-json, not "${to}"`);
  const file = parsed.positionals[0];
  const path = isAbsolute(file) ? file : resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    io.stderr(`entramap convert: cannot read ${file}: ${why}\n`);
    return EXIT_USAGE;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const kind = detectDocumentKind(file, text);
  const result = parseConfigurationDocument(text, kind);
  const index = new LineIndex(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  for (const d of result.diagnostics) {
    if (d.severity === 'error' || d.severity === 'warning') io.stderr(`${formatDiagnostic(file, text, d, index)}\n`);
  }
  if (errors.length) {
    io.stderr(`entramap convert: ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing written\n`);
    return EXIT_FAIL;
  }

  let output: string;
  if (to === 'graph-json') {
    const json = modelToGraphJson(result.model);
    if (json === undefined) {
      io.stderr(`entramap convert: ${file} holds no JSON value; nothing written\n`);
      return EXIT_FAIL;
    }
    output = formatGraphJson(json);
  } else {
    output = printMapping(result.model);
  }

  const out = option(parsed, 'output');
  if (out === undefined || out === '-') {
    io.stdout(output);
    return EXIT_OK;
  }
  const outPath = isAbsolute(out) ? out : resolve(io.cwd, out);
  try {
    await writeFile(outPath, output, 'utf8');
  } catch (err) {
    io.stderr(`entramap convert: cannot write ${out}: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}
