#!/usr/bin/env node
// The same extension-host suite with @vscode/test-electron, for machines that can download VS
// Code (a developer laptop, a CI with internet). Not used by `npm test` here: these machines
// cannot download VS Code, so test/e2e/run.mjs runs the suite in code-server instead. Both run
// the same bundle (test/out/e2e/suite/index.js, the @vscode/test-electron `run()` contract) in
// the same two sessions:
//
//   node esbuild.mjs && node test/e2e/run-electron.mjs [--vscode-version 1.100.3] [--session trusted|untrusted]
//
// `trusted` runs the main tests; `untrusted` enables workspace trust, leaves the fixture folder
// untrusted and sets ENTRAMAP_E2E_MODE=untrusted. Downloads go to .vscode-test/ (gitignore it).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: o } = parseArgs({
  options: {
    'vscode-version': { type: 'string', default: '1.100.3' },
    session: { type: 'string', multiple: true },
  },
});

const settingsFor = (untrusted) => ({
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': untrusted,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
});

const sessions = [
  { name: 'trusted', untrusted: false },
  { name: 'untrusted', untrusted: true },
].filter((s) => !o.session || o.session.includes(s.name));

let failed = 0;
for (const session of sessions) {
  const temp = mkdtempSync(join(tmpdir(), `entramap-electron-${session.name}-`));
  const workspace = join(temp, 'ws');
  const userData = join(temp, 'user-data');
  cpSync(join(root, 'test/e2e/fixtures/ws'), workspace, { recursive: true });
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settingsFor(session.untrusted), null, 2));
  console.log(`\n[e2e:electron] session "${session.name}"`);
  try {
    await runTests({
      version: o['vscode-version'],
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'test/out/e2e/suite/index.js'),
      extensionTestsEnv: session.untrusted ? { ENTRAMAP_E2E_MODE: 'untrusted' } : {},
      launchArgs: [
        workspace,
        '--user-data-dir', userData,
        '--disable-extensions', // other installed extensions; built-ins and ours still load
        '--skip-welcome',
        '--skip-release-notes',
        ...(session.untrusted ? [] : ['--disable-workspace-trust']),
      ],
    });
  } catch (err) {
    console.error(`[e2e:electron] ${session.name}: ${err instanceof Error ? err.message : err}`);
    failed++;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
