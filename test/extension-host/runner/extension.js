// Runs the extension-host suite named by LMA_EXTHOST_TESTS and writes a JSON report to
// LMA_EXTHOST_RESULT. Plain JavaScript: it is packaged as-is by the test harness.
const fs = require('fs');

exports.activate = async function activate() {
  const suite = process.env.LMA_EXTHOST_TESTS;
  const result = process.env.LMA_EXTHOST_RESULT;
  if (!suite || !result) return;
  try {
    // eslint-disable-next-line import/no-dynamic-require
    await require(suite).run({ jsonReport: result });
  } catch (err) {
    if (!fs.existsSync(result)) {
      fs.writeFileSync(result, JSON.stringify({ stats: { failures: 1, passes: 0, tests: 1 }, failures: [{ fullTitle: 'extension-host suite', err: { message: String(err && err.stack || err) } }], passes: [], tests: [] }));
    }
  }
};

exports.deactivate = function deactivate() {};
