// mocha reporter: the usual spec output, then one machine-readable line that test/run.mjs sums:
//   tests: N passed, N failed
'use strict';
const Mocha = require('mocha');
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(EVENT_TEST_PASS, () => passed++);
    runner.on(EVENT_TEST_FAIL, () => failed++);
    runner.once(EVENT_RUN_END, () => {
      process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
    });
  }
}
module.exports = SummaryReporter;
