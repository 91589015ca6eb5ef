// Speed of the commands that never train (issue 2's targets):
//  - `thtl check schedules/` within 3x the wall time of a bare `node -e 0`;
//  - compiling a generated 5,000-line file takes at most 12x a 500-line one, and under 100 ms.
// Imports from dist/: run `npm run build` first. Prints the numbers and exits 1 when a target is missed.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { compileFile } from "../dist/compile/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function wall(args, runs = 7) {
  return median(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      const result = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
      if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
      return performance.now() - start;
    }),
  );
}

/** About `lines` lines: units of a domain, a three-stage schedule and an experiment. */
function generate(lines) {
  const units = [];
  for (let i = 0; units.length * 8 < lines; i++) {
    units.push(
      [
        `domain d${i} { data synth larynx 100; image 32x32 }`,
        `schedule s${i} {`,
        "  stage a { train head; epochs 1 }",
        "  stage b { unfreeze layer4; epochs 1; lr 1e-4 }",
        `  stage c { unfreeze layer3, "layer2.1.*"; epochs 1; lr ${i + 1}e-5 }`,
        "}",
        `experiment e${i} { models resnet18; seeds 1, 2; chain scratch -> d${i} with s${i} }`,
        "",
      ].join("\n"),
    );
  }
  return units.join("\n");
}

function compileTime(text, runs = 7) {
  const read = (path) => (path === "bench.thtl" ? text : undefined);
  const first = compileFile("bench.thtl", { readFile: read });
  if (!first.plan) throw new Error(`the generated file does not compile: ${first.diagnostics[0]?.message}`);
  return median(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      compileFile("bench.thtl", { readFile: read });
      return performance.now() - start;
    }),
  );
}

const bare = wall(["-e", "0"]);
const check = wall(["bin/thtl.js", "check", "schedules/"]);
const small = compileTime(generate(500));
const large = compileTime(generate(5000));

const rows = [
  ["node -e 0", `${bare.toFixed(0)} ms`],
  ["thtl check schedules/", `${check.toFixed(0)} ms`, `${(check / bare).toFixed(2)}x node (target <= 3x)`],
  ["compile, 500 lines (in process)", `${small.toFixed(1)} ms`],
  ["compile, 5,000 lines (in process)", `${large.toFixed(1)} ms`, `${(large / small).toFixed(2)}x 500 lines (target <= 12x, < 100 ms)`],
];
for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(36) : cell.padEnd(10))).join("  ").trimEnd());

const missed = [check / bare > 3 && "check", large / small > 12 && "compile ratio", large >= 100 && "compile time"].filter(Boolean);
if (missed.length > 0) {
  console.log(`missed: ${missed.join(", ")}`);
  process.exitCode = 1;
}
