// Microsoft's M parser (npm @microsoft/powerquery-parser) over section documents: the
// reference for connectorgen's pq benchmark, and the judge of its section splitter in
// tests/test_pq_reference.py. Prints {file: {name, members: [[name, shared], ...]} | null}.
//
//   node benchmarks/powerquery_parser.js FILE.pq ...   (NODE_PATH: where the package is)
const fs = require("fs");
const PQP = require("@microsoft/powerquery-parser");

(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) {
    const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    const task = await PQP.TaskUtils.tryLexParse(PQP.DefaultSettings, text);
    if (!PQP.TaskUtils.isOk(task) || task.ast.kind !== "Section") {
      out[file] = null;
      continue;
    }
    const ast = task.ast;
    out[file] = {
      name: (ast.name ?? ast.maybeName)?.literal ?? null,
      members: ast.sectionMembers.elements.map((member) => [
        member.namePairedExpression.key.literal,
        Boolean(member.sharedConstant ?? member.maybeSharedConstant),
      ]),
    };
  }
  process.stdout.write(JSON.stringify(out));
})();
