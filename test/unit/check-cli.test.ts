// `entramap check FILE... [--format text|json|sarif]`: the output contract of each format, exit
// codes, several files, unreadable files, and the SARIF 2.1.0 essentials.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { run } from '../../server/src/cli/check';
import type { CliIO } from '../../server/src/cli/io';
import { CODES, codeHref } from '../../server/src/diagnostics/codes';

const FIXTURES = join(__dirname, '..', 'fixtures');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd = FIXTURES): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd };
  const code = await main(['check', ...args], io);
  return { code, stdout, stderr };
}

interface JsonLine {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

// ---- SARIF shapes used by the assertions --------------------------------------------------------

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index?: number }; region?: SarifRegion };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: Array<SarifLocation & { id: number; message: { text: string } }>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}
interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
  invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string }; locations: SarifLocation[] }> }>;
  originalUriBaseIds: Record<string, { uri: string }>;
  artifacts: Array<{ location: { uri: string; uriBaseId?: string } }>;
  columnKind: string;
  results: SarifResult[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: SarifRun[];
}

const LEVELS = new Set(['none', 'note', 'warning', 'error']);

/** The essentials of SARIF 2.1.0 (sections 3.13-3.30) that consumers such as GitHub code scanning rely on. */
function assertSarifShape(log: SarifLog): void {
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  assert.equal(log.runs.length, 1);
  const r = log.runs[0];
  assert.equal(r.tool.driver.name, 'entramap');
  assert.equal(typeof r.tool.driver.version, 'string');
  assert.match(r.tool.driver.informationUri, /^https:\/\//);
  assert.equal(r.columnKind, 'utf16CodeUnits');
  const ids = r.tool.driver.rules.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const rule of r.tool.driver.rules) {
    assert.ok(rule.id in CODES, `${rule.id} is a code`);
    assert.equal(rule.helpUri, codeHref(rule.id));
    assert.equal(rule.shortDescription.text, CODES[rule.id as keyof typeof CODES].title);
    assert.match(rule.name, /^[A-Z][A-Za-z0-9]*$/);
    assert.ok(LEVELS.has(rule.defaultConfiguration.level));
  }
  for (const b of Object.values(r.originalUriBaseIds)) assert.match(b.uri, /^file:\/\/.*\/$/, 'base URIs are absolute and end with /');
  for (const res of r.results) {
    assert.equal(r.tool.driver.rules[res.ruleIndex].id, res.ruleId, 'ruleIndex points at the rule');
    assert.ok(LEVELS.has(res.level));
    assert.ok(res.message.text.length > 0);
    assert.equal(res.locations.length, 1);
    const loc = res.locations[0].physicalLocation;
    assert.ok(loc.artifactLocation.uri.length > 0);
    assert.doesNotMatch(loc.artifactLocation.uri, /\\| /, 'URIs use / and percent-encoding');
    if (loc.artifactLocation.uriBaseId) assert.ok(r.originalUriBaseIds[loc.artifactLocation.uriBaseId], 'uriBaseId is defined');
    else assert.match(loc.artifactLocation.uri, /^file:\/\//, 'a URI without base is absolute');
    assert.deepEqual(r.artifacts[loc.artifactLocation.index!].location.uri, loc.artifactLocation.uri);
    const reg = loc.region!;
    assert.ok(reg.startLine >= 1 && reg.startColumn >= 1, 'regions are 1-based');
    assert.ok(reg.endLine > reg.startLine || (reg.endLine === reg.startLine && reg.endColumn >= reg.startColumn), 'regions do not end before they start');
  }
  assert.equal(r.invocations.length, 1);
  assert.equal(typeof r.invocations[0].executionSuccessful, 'boolean');
}

describe('entramap check', () => {
  describe('text format', () => {
    it('prints file:line:col: severity CODE: message, then a summary; exit 1 on errors', async () => {
      const r = await cli(['check/matching.entramap']);
      assert.equal(r.code, 1);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 9);
      assert.equal(lines[0], 'check/matching.entramap:9:32: error EMP023: Matching precedence 1 is already used by userName; the provisioning service tries matching attributes in order of precedence, so each needs its own number. Use 2.');
      for (const l of lines.slice(0, -1)) assert.match(l, /^check\/matching\.entramap:\d+:\d+: (error|warning|information|hint) [A-Z]{3}\d{3}: \S/);
      assert.equal(lines[8], '4 errors, 4 warnings, 0 information, 0 hints in 1 file.');
      assert.equal(r.stderr, '');
    });

    it('says so when there is nothing to report; exit 0', async () => {
      const r = await cli(['check/clean.entramap', 'graph/salesforce.json']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, 'No problems in 2 files.\n');
    });

    it('exits 0 when there are only warnings and information', async () => {
      const r = await cli(['check/mypolicies-delete.entramap', 'check/disables.entramap']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /0 errors, 1 warning, 2 information, 0 hints in 2 files\.\n$/);
    });
  });

  describe('json format', () => {
    it('prints an array of { file, range, severity, code, message } with 0-based positions', async () => {
      const r = await cli(['--format', 'json', './check/disables.entramap']);
      assert.equal(r.code, 0);
      const list = JSON.parse(r.stdout) as JsonLine[];
      assert.equal(list.length, 2);
      assert.deepEqual(Object.keys(list[0]), ['file', 'range', 'severity', 'code', 'message']);
      assert.deepEqual(list[0], {
        file: './check/disables.entramap',
        range: { start: { line: 2, character: 8 }, end: { line: 2, character: 15 } },
        severity: 'information',
        code: 'EMP035',
        message: list[0].message,
      });
      assert.match(list[0].message, /disables do not flow/);
    });

    it('keeps the files in command-line order, each as given', async () => {
      const r = await cli(['--format=json', 'check/types.entramap', 'check/scoping.entramap', 'graph/multi-rule.json']);
      assert.equal(r.code, 1);
      const files = (JSON.parse(r.stdout) as JsonLine[]).map((d) => d.file);
      const order = [...new Set(files)];
      assert.deepEqual(order, ['check/types.entramap', 'check/scoping.entramap', 'graph/multi-rule.json']);
    });

    it('reads the target schema named on the app line relative to the checked file', async () => {
      const r = await cli(['--format', 'json', 'types.entramap'], join(FIXTURES, 'check'));
      const list = JSON.parse(r.stdout) as JsonLine[];
      assert.equal(list.filter((d) => d.code === 'EMP008' || d.code === 'EMP014').length, 0);
      assert.equal(list.filter((d) => d.code === 'EMP030').length, 6);
    });
  });

  describe('sarif format', () => {
    it('writes a SARIF 2.1.0 log with rules for the codes that occur and 1-based regions', async () => {
      const files = ['check/matching.entramap', 'check/targets-scim.entramap', 'check/source-directory.json'];
      const [sarif, json] = await Promise.all([cli(['--format', 'sarif', ...files]), cli(['--format', 'json', ...files])]);
      assert.equal(sarif.code, 1);
      const log = JSON.parse(sarif.stdout) as SarifLog;
      assertSarifShape(log);
      const run0 = log.runs[0];
      const list = JSON.parse(json.stdout) as JsonLine[];
      assert.equal(run0.results.length, list.length);
      assert.deepEqual(run0.tool.driver.rules.map((x) => x.id), [...new Set(list.map((d) => d.code))].sort());
      assert.deepEqual(
        run0.artifacts.map((a) => a.location),
        files.map((f) => ({ uri: f, uriBaseId: '%SRCROOT%' })),
      );
      run0.results.forEach((res, i) => {
        const d = list[i];
        assert.equal(res.ruleId, d.code);
        assert.equal(res.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[d.severity]);
        assert.deepEqual(res.locations[0].physicalLocation.region, {
          startLine: d.range.start.line + 1,
          startColumn: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
        });
        assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, d.file);
        assert.equal(res.message.text, d.message);
      });
      assert.equal(run0.originalUriBaseIds['%SRCROOT%'].uri, `file://${FIXTURES}/`);
      assert.equal(run0.invocations[0].executionSuccessful, true);
      assert.deepEqual(run0.invocations[0].toolExecutionNotifications, []);
    });

    it('links the first mapping of a duplicated target as a related location', async () => {
      const log = JSON.parse((await cli(['--format', 'sarif', 'check/matching.entramap'])).stdout) as SarifLog;
      const dup = log.runs[0].results.find((x) => x.ruleId === 'EMP020')!;
      assert.equal(dup.relatedLocations?.length, 1);
      assert.equal(dup.relatedLocations![0].physicalLocation.region!.startLine, 7);
    });

    it('records unreadable files as tool execution notifications', async () => {
      const r = await cli(['--format', 'sarif', 'check/clean.entramap', 'check/missing.entramap']);
      assert.equal(r.code, 2);
      const log = JSON.parse(r.stdout) as SarifLog;
      assertSarifShape(log);
      const inv = log.runs[0].invocations[0];
      assert.equal(inv.executionSuccessful, false);
      assert.equal(inv.toolExecutionNotifications.length, 1);
      assert.equal(inv.toolExecutionNotifications[0].level, 'error');
      assert.equal(inv.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri, 'check/missing.entramap');
      assert.equal(log.runs[0].artifacts.length, 1);
    });

    it('encodes paths as URI references, absolute ones as file URIs', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'entramap check '));
      try {
        mkdirSync(join(dir, 'sub dir'));
        const file = join(dir, 'sub dir', 'café #1.entramap');
        writeFileSync(file, readFileSync(join(FIXTURES, 'check', 'disables.entramap')));
        const rel = await cli(['--format', 'sarif', 'sub dir/café #1.entramap'], dir);
        const relLog = JSON.parse(rel.stdout) as SarifLog;
        assertSarifShape(relLog);
        assert.equal(relLog.runs[0].artifacts[0].location.uri, 'sub%20dir/caf%C3%A9%20%231.entramap');
        const abs = await cli(['--format', 'sarif', file], FIXTURES);
        const absLog = JSON.parse(abs.stdout) as SarifLog;
        assertSarifShape(absLog);
        const uri = absLog.runs[0].artifacts[0].location.uri;
        assert.match(uri, /^file:\/\/\/.*\/sub%20dir\/caf%C3%A9%20%231\.entramap$/);
        assert.equal(absLog.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uriBaseId, undefined);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('files and exit codes', () => {
    it('exits 2 on a missing file but still checks and prints the others', async () => {
      const r = await cli(['--format', 'json', 'check/matching.entramap', 'nope/missing.entramap', 'check/clean.entramap']);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'entramap check: cannot read nope/missing.entramap: no such file\n');
      const list = JSON.parse(r.stdout) as JsonLine[];
      assert.equal(list.length, 8);
      assert.ok(list.every((d) => d.file === 'check/matching.entramap'));
    });

    it('exits 2 on a directory, with the reason', async () => {
      const r = await cli(['check/clean.entramap', 'check']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read check: it is a directory/);
      assert.match(r.stdout, /No problems in 1 file\. 1 file could not be read\.\n$/);
    });

    it('detects Graph JSON by content when the extension says nothing, and ignores a byte order mark', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'entramap-check-'));
      try {
        writeFileSync(join(dir, 'schema.txt'), '\uFEFF' + readFileSync(join(FIXTURES, 'check', 'targets-directory.json'), 'utf8'));
        writeFileSync(join(dir, 'users.map'), '\uFEFF' + readFileSync(join(FIXTURES, 'check', 'disables.entramap'), 'utf8'));
        const r = await cli(['--format', 'json', 'schema.txt', 'users.map'], dir);
        const list = JSON.parse(r.stdout) as JsonLine[];
        assert.deepEqual(
          list.filter((d) => d.file === 'schema.txt').map((d) => d.code),
          ['EMP021', 'EMP012', 'EMP010', 'EMP012', 'EMP010', 'EMP030'],
        );
        // Positions as an editor shows them (no BOM column).
        assert.deepEqual(list.find((d) => d.file === 'users.map')!.range.start, { line: 2, character: 8 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('checks syntax errors like everything else', async () => {
      const r = await cli(['check/syntax-errors.entramap']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^check\/syntax-errors\.entramap:3:1: error EMF005: /m);
      assert.match(r.stdout, /^check\/syntax-errors\.entramap:11:36: error EMF015: /m);
    });

    it('rejects a missing FILE and an unknown format with usage errors (exit 2)', async () => {
      const none = await cli([]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /entramap check: missing FILE\nusage: entramap check FILE\.\.\. \[--format text\|json\|sarif\]/);
      const bad = await cli(['--format', 'xml', 'check/clean.entramap']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown format "xml" \(expected text, json, sarif\)/);
    });

    it('is the module the dispatcher routes to', async () => {
      let out = '';
      const io: CliIO = { stdout: (t) => (out += t), stderr: () => undefined, env: {}, cwd: FIXTURES };
      assert.equal(await run(['check/clean.entramap'], io), 0);
      assert.equal(out, 'No problems in 1 file.\n');
    });
  });
});
