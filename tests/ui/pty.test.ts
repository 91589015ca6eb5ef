import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OUT, RUN1, RUN2, TWO_RUNS } from "./fixtures/two-runs.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const REPLAY = "tests/ui/fixtures/replay.mjs";

/**
 * These tests run the built CLI (`node bin/thtl.js`) as a user would. They build it from this
 * checkout's sources into a temporary folder, so that the checkout's own dist/ is neither read
 * (it may be stale) nor rewritten. Type errors are `npm run typecheck`'s to report, hence --noCheck.
 */
function buildCli(into: string) {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(
    process.execPath,
    [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(into, "dist"), "--noCheck"],
    { stdio: "ignore" },
  );
  cpSync(join(ROOT, "bin"), join(into, "bin"), { recursive: true });
  // replay.mjs imports the build by a relative path: it keeps its place beside it.
  cpSync(join(ROOT, REPLAY), join(into, REPLAY));
  writeFileSync(join(into, "package.json"), JSON.stringify({ type: "module" }));
  for (const shared of ["node_modules", "schema"]) symlinkSync(join(ROOT, shared), join(into, shared));
}

/** Runs `command` under a pseudo-terminal of 100x40 (util-linux `script`) in a scratch folder; returns the raw bytes. */
function underPty(command: string, env: Record<string, string> = {}): string {
  return execFileSync("script", ["-qfec", `stty cols 100 rows 40; ${command}`, "/dev/null"], {
    cwd: work,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", TERM: "xterm-256color", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** What the terminal shows last: Ink erases the live area before each redraw (if it redrew at all). */
function finalFrame(raw: string): string[] {
  const lastErase = raw.lastIndexOf("\u001b[2K\u001b[G");
  return stripVTControlCharacters(raw.slice(Math.max(0, lastErase)))
    .replace(/\r/g, "")
    .split("\n");
}

let scratch: string;
let cli: string;
let work: string;
let replay: string;
let events: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "thtl-ui-"));
  cli = join(scratch, "cli");
  buildCli(cli);
  replay = `node ${join(cli, REPLAY)}`;
  work = join(scratch, "work");
  mkdirSync(work);
  cpSync(join(ROOT, "tests/ui/fixtures/tiny.thtl"), join(work, "tiny.thtl"));
  events = join(scratch, "events.json");
  writeFileSync(events, JSON.stringify(TWO_RUNS));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("thtl run under a pseudo-terminal", () => {
  test("a tiny plan trains with the live screen and ends on the summary", () => {
    const out = join(scratch, "runs");
    const raw = underPty(`node ${cli}/bin/thtl.js run tiny.thtl --out ${out}; echo "exit $?"`);
    const frame = finalFrame(raw).map((l) => l.trimEnd());
    expect(frame).toContain("exit 0");
    expect(frame.find((l) => /^tiny\/tiny\/seed1 {4}/.test(l))).toMatch(
      /^tiny\/tiny\/seed1 +(wasm|cpu|tensorflow) (CPU|GPU)( ×\d+)? · \d\d:\d\d$/,
    );
    expect(frame).toContain("scratch -> natural -> [larynx]");
    const table = frame.indexOf("run              status  test_loss  test_acc  macro_f1  recall(malignant)     auc");
    expect(frame[table + 1]).toMatch(/^tiny\/tiny\/seed1 {2}done( +\d\.\d{4}){5}$/);
    expect(frame.slice(table + 2, table + 5)).toEqual(["", "done · 1 run: 1 done", `records: ${out}`]);
    // Above the live area: one epoch table per stage (1 + 2 + 2 epochs), each stage closed by its note.
    const history = stripVTControlCharacters(raw).replace(/\r/g, "").split("\n");
    expect(
      history.filter((l) => /^ {4}\d\/\d( +\d\.\d{4}){3} +(-|\d\.\d{4}) +\d+(\.\d)?m?s( best)?$/.test(l)),
    ).toHaveLength(5);
    expect(
      history.filter((l) => /^✓ (all|head|layer4) · \d epochs? · best val_loss \d\.\d{4} @\d · kept last · /.test(l)),
    ).toHaveLength(3);
  });
});

describe("live screen under a pseudo-terminal", () => {
  test("redraws in place and leaves the summary as the final frame", () => {
    const raw = underPty(`${replay} ${events} auto 2`);
    expect(raw).toContain("\u001b[2K\u001b[1A"); // redraws erase the previous frame
    const frame = finalFrame(raw).map((l) => l.trimEnd());
    const table = frame.indexOf(
      "run                       status  test_loss  test_acc  macro_f1  recall(malignant)     auc",
    );
    expect(table).toBeGreaterThanOrEqual(0);
    expect(frame.slice(table + 1, table + 6)).toEqual([
      `${RUN1}  done       0.4321    0.8125    0.7925             0.7125  0.8625`,
      `${RUN2}  failed          -         -         -                  -       -`,
      "",
      "failed · 2 runs: 1 done, 1 failed",
      `records: ${OUT}`, // outside the working directory, so shown in full
    ]);
    expect(frame).toContain(`✗ ${RUN2}  failed      data/fundus/severe/img_031.png: unsupported image format`);
    // Finished epochs were printed once each, above the live area.
    const plain = stripVTControlCharacters(raw);
    expect(plain.split(`${RUN1} · larynx · layer3 · recall: malignant`)).toHaveLength(2);
  });

  test("colours on a terminal, none under NO_COLOR", () => {
    const colour = /\u001b\[3[0-9](;[0-9]+)*m/;
    expect(underPty(`${replay} ${events} auto 0`)).toMatch(colour);
    expect(underPty(`${replay} ${events} auto 0`, { NO_COLOR: "1" })).not.toMatch(colour);
  });

  test("CI set: plain lines even on a terminal", () => {
    const raw = underPty(`${replay} ${events} auto 0`, { CI: "true" });
    expect(raw).not.toMatch(/\u001b/);
    expect(raw).toContain(
      `${RUN1} · natural · all · epoch 1/2 · loss 1.1250 · acc 0.5750 · val_loss 1.1600 · val_acc 0.6000 · 1.1s\r\n`,
    );
  });
});
