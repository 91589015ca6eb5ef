import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { recordingIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

/**
 * Two experiments whose runs share their first hop (the same stage for a model and seed), then
 * differ: a sweep trains that hop once. Tiny: a 1/8-width ResNet18 on 32x32 images.
 */
export const TWO_ARMS = `version 1
model tiny { arch resnet18; width 0.125 }
domain shapes {
  data synth natural 24
  split 50/25/25 seed 1
  image 32x32
}
domain other {
  data synth fundus 16
  split 50/25/25 seed 1
  image 32x32
}
schedule base {
  stage head { train head; epochs 1; batch 8 }
}
experiment a {
  models tiny
  chain scratch -> shapes with base -> other with { stage all { train all; epochs 1; batch 8 } }
}
experiment b {
  models tiny
  chain scratch -> shapes with base -> other with { stage last { train head; epochs 2; batch 8 } }
}
`;

/** A temporary project folder with `study.thtl`, removed after the test file. */
export function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "thtl-sweep-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "study.thtl"), TWO_ARMS);
  return dir;
}

/** `thtl ARGS` in this process, in `cwd`. */
export async function thtl(cwd: string, ...args: string[]) {
  const record = recordingIO({ cwd, env: {} });
  const code = await main(args, record.io);
  return { code, out: record.out, err: record.err };
}
