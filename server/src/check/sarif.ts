// SARIF 2.1.0 output of `entramap check` (OASIS Static Analysis Results Interchange Format):
// one run, tool.driver with a rule per code that occurs (title, default level, help link),
// results with 1-based regions in UTF-16 code units, file locations relative to %SRCROOT% (the
// working directory) unless given as absolute paths, and an invocation that records unreadable
// files as tool execution notifications.
import { isAbsolute, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeHref, codeInfo, Severity } from '../diagnostics/codes';
import type { CheckDiagnostic } from './document';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** SARIF has three problem levels; information and hints are both notes. */
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export interface CheckedFile {
  /** The path as given on the command line. */
  file: string;
  diagnostics: CheckDiagnostic[];
}

export interface UnreadableFile {
  file: string;
  message: string;
}

export interface SarifOptions {
  toolVersion: string;
  /** The working directory relative paths are resolved against. */
  cwd: string;
}

/** A URI reference for a path: relative paths stay relative (with `/` and percent-encoding). */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const abs = resolve(cwd, file);
  const rel = abs.startsWith(cwd.endsWith(sep) ? cwd : cwd + sep) ? abs.slice(cwd.length).replace(/^[\\/]+/, '') : undefined;
  if (rel === undefined) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(d: { range: CheckDiagnostic['range'] }) {
  const { start, end } = d.range;
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** A rule name in SARIF's PascalCase style, from the code's title. */
function ruleName(title: string): string {
  return title
    .replace(/'/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

export function toSarif(files: CheckedFile[], unreadable: UnreadableFile[], options: SarifOptions): object {
  const codes = [...new Set(files.flatMap((f) => f.diagnostics.map((d) => d.code)))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const rules = codes.map((id) => {
    const info = codeInfo(id);
    const title = info?.title ?? id;
    return {
      id,
      name: ruleName(title),
      shortDescription: { text: title },
      helpUri: codeHref(id),
      defaultConfiguration: { level: sarifLevel(info?.severity ?? 'warning') },
    };
  });
  const artifacts: object[] = [];
  const results: object[] = [];
  for (const f of files) {
    const location = artifactLocation(f.file, options.cwd);
    const index = artifacts.length;
    artifacts.push({ location });
    for (const d of f.diagnostics) {
      const result: Record<string, unknown> = {
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code),
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { ...location, index }, region: region(d) } }],
      };
      if (d.severity === 'hint' || d.severity === 'information') result.properties = { severity: d.severity };
      if (d.related?.length) {
        result.relatedLocations = d.related.map((r, i) => ({
          id: i + 1,
          message: { text: r.message },
          physicalLocation: { artifactLocation: { ...location, index }, region: region(r) },
        }));
      }
      results.push(result);
    }
  }
  const cwdUri = pathToFileURL(options.cwd.endsWith(sep) ? options.cwd : options.cwd + sep).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'entramap',
            version: options.toolVersion,
            informationUri: 'https://github.com/entramap/entramap',
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: unreadable.length === 0,
            toolExecutionNotifications: unreadable.map((u) => ({
              level: 'error',
              message: { text: u.message },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(u.file, options.cwd) } }],
            })),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: cwdUri } },
        artifacts,
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
