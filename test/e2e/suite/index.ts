// The extension-host test suite: a module exporting `run(): Promise<void>`, the contract of
// @vscode/test-electron (and of test/e2e/host/run-ext-tests.mjs, which runs it in code-server).
// esbuild bundles it to test/out/e2e/suite/index.js with the test files inlined; mocha itself is
// loaded from node_modules at run time. Prints `tests: N passed, N failed` for test/run.mjs.
//
// ENTRAMAP_E2E_MODE=untrusted (set by test/e2e/run.mjs for its Restricted Mode session) runs the
// untrusted-workspace tests instead of the main ones.
import { createRequire } from 'node:module';

type MochaModule = typeof import('mocha');

export function run(): Promise<void> {
  const load = createRequire(__filename);
  const loaded = load('mocha') as MochaModule & { default?: MochaModule };
  const Mocha = loaded.default ?? loaded;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const untrusted = process.env.ENTRAMAP_E2E_MODE === 'untrusted';
  mocha.suite.emit('pre-require', globalThis, untrusted ? 'untrusted.test' : 'extension.test', mocha);
  if (untrusted) {
    require('./untrusted.test');
  } else {
    require('./extension.test');
    require('./editor.test');
    require('./provisioning.test');
  }

  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats ?? { passes: 0, failures };
      console.log(`tests: ${s.passes} passed, ${s.failures} failed`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}
