// `entramap check FILE... [--format text|json|sarif]`: checks .entramap files and Graph
// synchronizationSchema JSON files (the kind by extension, else by content) with everything the
// editor reports, and prints the diagnostics:
//
// - text (default): `file:line:col: severity CODE: message` per diagnostic (1-based line and
//   column), then a summary line;
// - json: an array of { file, range: { start: { line, character }, end }, severity, code,
//   message } with 0-based positions (UTF-16 columns), `file` as given on the command line;
// - sarif: a SARIF 2.1.0 log (check/sarif.ts).
//
// Exit codes: 2 when a file is missing or unreadable (the others are still checked and printed),
// else 1 when any diagnostic is an error, else 0.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkDocument, CheckDiagnostic } from '../check/document';
import { CheckedFile, toSarif, UnreadableFile } from '../check/sarif';
import { fileTargetSchemaResolver, readableFileError } from '../check/target-schema-resolver';
import { detectDocumentKind } from '../schema/document';
import { CliIO, EXIT_FAIL, EXIT_OK, EXIT_USAGE, jsonOut, option, parseArgs, UsageError } from './io';

declare const __ENTRAMAP_VERSION__: string | undefined;
const VERSION = typeof __ENTRAMAP_VERSION__ === 'string' ? __ENTRAMAP_VERSION__ : '0.0.0-dev';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** One line of `--format json`. */
export interface JsonDiagnostic {
  file: string;
  range: CheckDiagnostic['range'];
  severity: CheckDiagnostic['severity'];
  code: string;
  message: string;
}

/** Checks one file's text (exported for tests and for callers that already hold the text). */
export function checkText(file: string, absolute: string, text: string): CheckDiagnostic[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const kind = detectDocumentKind(file, body);
  return checkDocument(body, kind, { resolveTargetSchema: fileTargetSchemaResolver(absolute) }).diagnostics;
}

function plural(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

function textReport(files: CheckedFile[], unreadable: UnreadableFile[]): string {
  const out: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of files) {
    for (const d of f.diagnostics) {
      counts[d.severity]++;
      const message = d.message.replace(/\s*\r?\n\s*/g, ' ');
      out.push(`${f.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${message}`);
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const checked = plural(files.length, 'file');
  let summary =
    total === 0
      ? `No problems in ${checked}.`
      : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information, ${plural(counts.hint, 'hint')} in ${checked}.`;
  if (unreadable.length) summary += ` ${plural(unreadable.length, 'file')} could not be read.`;
  out.push(summary);
  return out.join('\n') + '\n';
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { format: { value: true } });
  const format = (option(args, 'format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}" (expected ${FORMATS.join(', ')})`);
  if (!args.positionals.length) throw new UsageError('missing FILE');

  const files: CheckedFile[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const file of args.positionals) {
    const absolute = resolve(io.cwd, file);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (e) {
      const message = `cannot read ${file}: ${readableFileError(e)}`;
      unreadable.push({ file, message });
      io.stderr(`entramap check: ${message}\n`);
      continue;
    }
    files.push({ file, diagnostics: checkText(file, absolute, text) });
  }

  if (format === 'json') {
    const list: JsonDiagnostic[] = files.flatMap((f) =>
      f.diagnostics.map((d) => ({ file: f.file, range: d.range, severity: d.severity, code: d.code, message: d.message })),
    );
    io.stdout(jsonOut(list));
  } else if (format === 'sarif') {
    io.stdout(jsonOut(toSarif(files, unreadable, { toolVersion: VERSION, cwd: io.cwd })));
  } else {
    io.stdout(textReport(files, unreadable));
  }

  if (unreadable.length) return EXIT_USAGE;
  return files.some((f) => f.diagnostics.some((d) => d.severity === 'error')) ? EXIT_FAIL : EXIT_OK;
}
