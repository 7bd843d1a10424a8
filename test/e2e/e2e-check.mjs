#!/usr/bin/env node
// The person-like end-to-end check of the editor features (part of the e2e tier, `npm test`):
// the packaged extension, installed like a user installs it, used through the real workbench UI.
//
// 1. builds the VSIX with `npm run package` (production bundles), then rebuilds the development
//    bundles the other tiers use;
// 2. copies examples/personify/ to a temp workspace and adds a deliberate error (a misspelt
//    function, `ToUper`);
// 3. installs the VSIX into a fresh extensions dir of code-server (test/e2e/host/), opens the
//    workspace in headless chromium (playwright-core) and, like a person would:
//      - opens personify.entramap from the Explorer, sees the error squiggle and the problem in
//        the Problems panel;
//      - types a new mapping line and sees the completion list offer `Join`;
//      - hovers `Switch` and reads its signature;
//      - runs "Entra Provisioning: Select Sample User" from the Command Palette, picks Adele
//        Vance, and sees the inline values beside the mappings (`→ "adele.vance@contoso.com"`)
//        and the scope verdict; hovers a target and reads the value Adele gets;
// 4. saves a screenshot of each (test-results/e2e/, gitignored) and prints one OK/FAIL line per
//    check and `tests: N passed, N failed` (test/e2e/run.mjs counts them in the tier's result).
//
// Options: --no-package (reuse ./entramap.vsix), --docs-image (also copy the inline-values
// screenshot to docs/images/editor.png for the README), --keep (keep the temp dirs), --verbose.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hostDir, installVsix, launchChromium, loadPlaywright, prepareDirs, startCodeServer, workbenchUrl } from './host/host.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);

const { values: o } = parseArgs({
  options: {
    'no-package': { type: 'boolean', default: false },
    'docs-image': { type: 'boolean', default: false },
    'host-dir': { type: 'string' },
    'screenshot-dir': { type: 'string', default: 'test-results/e2e' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const VSIX = 'entramap.vsix';
const FILE = 'personify.entramap';
const ERROR_TEXT = 'Unknown function ToUper';
const USER = 'Adele Vance';
const HINT = '→ "adele.vance@contoso.com"';
const shots = join(root, o['screenshot-dir']);
mkdirSync(shots, { recursive: true });

const t0 = Date.now();
const log = (...a) => console.log(`[e2e-check ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
let passed = 0;
let failed = 0;

/** One check: counted, timed, OK/FAIL with the first line of the error. */
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    log(`OK   ${name} (${Date.now() - started} ms)`);
    return true;
  } catch (e) {
    failed++;
    const [first, ...rest] = String(e?.message ?? e).split('\n').filter((l) => l.trim() && !/^npm warn /.test(l));
    log(`FAIL ${name} - ${first}`);
    for (const line of rest.slice(-15)) console.log(`        ${line}`);
    if (o.verbose) console.log(e?.stack ?? e);
    return false;
  }
}

function finish(code) {
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed ? 1 : 0));
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// ---- 1. the VSIX ----------------------------------------------------------------------------------
if (!o['no-package']) {
  const ok = await check('npm run package builds the VSIX', async () => {
    run('npm', ['run', '--silent', 'package']);
    const size = statSync(VSIX).size;
    log(`${VSIX}: ${(size / 1024).toFixed(0)} KB`);
    if (size < 50_000) throw new Error(`${VSIX} is only ${size} bytes`);
  });
  // the other tiers (and a developer's debugger) use the development bundles with source maps
  run(process.execPath, ['esbuild.mjs', '--only=extension,server']);
  if (!ok) finish(1);
} else if (!existsSync(VSIX)) {
  console.error(`${VSIX} is missing: run without --no-package`);
  finish(1);
}

// ---- 2. the workspace ---------------------------------------------------------------------------
const workspace = mkdtempSync(join(tmpdir(), 'entramap-person-'));
cpSync(join(root, 'examples', 'personify'), workspace, { recursive: true });
const mappingPath = join(workspace, FILE);
const original = readFileSync(mappingPath, 'utf8');
if (!original.includes('title <- [jobTitle]')) throw new Error('examples/personify changed: no "title <- [jobTitle]" line');
writeFileSync(mappingPath, original.replace('title <- [jobTitle]', 'title <- ToUper([jobTitle])'));
const lines = readFileSync(mappingPath, 'utf8').split('\n');
const titleLine = lines.findIndex((l) => l.includes('title <- ToUper')) + 1;

// ---- 3. the workbench -----------------------------------------------------------------------------
const dir = hostDir(o['host-dir']);
const pw = loadPlaywright(dir);
let server;
let browser;
try {
  const dirs = prepareDirs({
    settings: {
      'editor.inlayHints.enabled': 'on',
      'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'off' },
      'editor.hover.delay': 200,
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.minimap.enabled': false,
      'window.zoomLevel': 0,
    },
  });
  await check('the VSIX installs into a fresh extensions dir', async () => {
    log(installVsix({ dir, dirs, vsix: VSIX }).split('\n').pop());
  });
  server = await startCodeServer({ dir, dirs });
  log(`code-server at ${server.url} (pid ${server.pid}), ready in ${server.startMs} ms`);
  browser = await launchChromium(pw);
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  if (o.verbose) page.on('console', (m) => console.log('[browser]', m.text()));
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  await page.goto(workbenchUrl(server.url, { workspace }));

  const editorPart = page.locator('.part.editor .monaco-editor').first();
  const viewLines = page.locator('.part.editor .monaco-editor .view-lines').first();
  const quickInput = page.locator('.quick-input-widget input');
  const quickRows = page.locator('.quick-input-list .monaco-list-row');
  const shot = async (name) => {
    await page.waitForTimeout(150); // let an animation (hover fade-in, widget slide) settle
    await page.screenshot({ path: join(shots, name) });
  };
  const palette = async (command) => {
    await page.keyboard.press('F1');
    await quickInput.waitFor({ timeout: 10_000 });
    await quickInput.fill(`>${command}`);
    await quickRows.filter({ hasText: command }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
  };
  const goToLine = async (line, column = 1) => {
    await page.keyboard.press('F1');
    await quickInput.waitFor({ timeout: 10_000 });
    await quickInput.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  };

  await check('the workbench loads', () => page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 }));
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${FILE}"]`).first();
  await check(`the Explorer lists ${FILE} and opens it`, async () => {
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await viewLines.getByText('Personify Inc').first().waitFor({ timeout: 30_000 });
  });

  await check('the error squiggle shows under the misspelt function', () =>
    editorPart.locator('.squiggly-error').first().waitFor({ timeout: 30_000 }),
  );
  await check(`the Problems panel lists "${ERROR_TEXT}"`, async () => {
    await palette('View: Focus Problems');
    await page.locator('.markers-panel').getByText(ERROR_TEXT).first().waitFor({ timeout: 30_000 });
  });
  await shot('e2e-1-problems.png');

  await check('typing a mapping line opens completion with Join', async () => {
    await editorPart.click({ position: { x: 400, y: 60 } });
    await goToLine(titleLine, 200);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('nickName <- Jo', { delay: 40 });
    const suggest = page.locator('.editor-widget.suggest-widget');
    try {
      await suggest.getByText('Join').first().waitFor({ timeout: 5_000 });
    } catch {
      await page.keyboard.press('Control+Space'); // quick suggestions were slower than us
      await suggest.getByText('Join').first().waitFor({ timeout: 10_000 });
    }
    await shot('e2e-2-completion.png');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+K'); // delete the typed line again
    await viewLines.getByText('nickName <- Jo').waitFor({ state: 'detached', timeout: 5_000 });
  });

  await check('hovering Switch shows its signature', async () => {
    const token = viewLines.locator('span', { hasText: /^Switch$/ }).first();
    await token.hover();
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Switch(source' });
    await hover.first().waitFor({ timeout: 10_000 });
    await shot('e2e-3-hover.png');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  });

  await check(`"Select Sample User" from the Command Palette picks ${USER}`, async () => {
    await palette('Entra Provisioning: Select Sample User');
    const user = quickRows.filter({ hasText: USER }).first();
    await user.waitFor({ timeout: 15_000 });
    await user.click();
    await quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  });
  await check(`an inline value shows beside a mapping: ${HINT}`, async () => {
    await palette('View: Toggle Panel Visibility'); // the Problems panel goes: more lines in view
    await page.locator('.part.panel .markers-panel').waitFor({ state: 'hidden', timeout: 10_000 });
    await goToLine(1);
    // the comment block out of view, the app line at the top
    for (let i = 0; i < 7; i++) await page.keyboard.press('Control+ArrowDown');
    await viewLines.getByText(HINT).first().waitFor({ timeout: 20_000 });
    await viewLines.getByText('✓ in scope').first().waitFor({ timeout: 10_000 });
  });
  await shot('e2e-4-inline-values.png');
  if (o['docs-image']) {
    // the editor area only, for the README
    const box = await page.locator('.part.editor').boundingBox();
    const file = join(root, 'docs', 'images', 'editor.png');
    mkdirSync(dirname(file), { recursive: true });
    await page.screenshot({ path: file, clip: { x: box.x, y: box.y, width: Math.min(box.width, 1010), height: Math.min(box.height, 600) } });
    log(`docs/images/editor.png: ${(statSync(file).size / 1024).toFixed(0)} KB`);
  }
  await check(`hovering a target shows what it gets for ${USER}`, async () => {
    const target = viewLines.locator('span', { hasText: /^displayName$/ }).first();
    await target.hover();
    await page.locator('.monaco-hover:not(.hidden)').filter({ hasText: `${USER} → "${USER}"` }).first().waitFor({ timeout: 10_000 });
    await shot('e2e-5-hover-value.png');
  });
} catch (e) {
  failed++;
  log('ERROR', e?.stack ?? e);
} finally {
  try {
    await browser?.close();
  } catch {
    // already gone
  }
  await server?.stop({ keep: o.keep });
  if (o.keep) log(`kept ${workspace}${server ? ` and ${server.dirs.runDir}` : ''}`);
  else rmSync(workspace, { recursive: true, force: true });
}
log(`screenshots in ${shots}`);
finish();
