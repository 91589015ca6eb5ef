import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { fetchOfficialFile } from "../../src/weights/fetch/fetch-file.js";
import { tempDirs } from "../runtime/helpers.js";

const temp = tempDirs("thtl-fetch-");
const CONTENT = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
const sha256 = createHash("sha256").update(CONTENT).digest("hex");

/** What the server did: the Range header of each request; `cut` makes the next answer stop after that many bytes. */
const log: (string | undefined)[] = [];
let cut: number | null = null;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    log.push(req.headers.range);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const body = CONTENT.subarray(start);
    res.writeHead(range ? 206 : 200, { "content-length": body.length, ...(range ? { "content-range": `bytes ${start}-${CONTENT.length - 1}/${CONTENT.length}` } : {}) });
    if (cut !== null) {
      res.write(body.subarray(0, cut), () => setTimeout(() => res.destroy(), 50));
      cut = null;
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const run = async (args: string[], env: Record<string, string>) => {
  const record = recordingIO({ env });
  const code = await main(args, record.io);
  return { code, out: record.out, err: record.err };
};

const official = (hash: string) => ({ arch: "resnet18", framework: "torchvision" as const, url: "https://download.pytorch.org/models/resnet18-x.pth", fileName: "resnet18-x.pth", hash: { algorithm: "sha256" as const, expected: hash } });
const quiet = { start: () => {}, progress: () => {} };

describe("thtl weights fetch", () => {
  it("downloads, checks the published hash and keeps the file; an interrupted download resumes with a Range request", async () => {
    const dir = temp();
    log.length = 0;
    cut = 100_000;
    await expect(fetchOfficialFile(official(sha256.slice(0, 8)), dir, base, quiet)).rejects.toThrow(
      /^cannot download 'http:\/\/127\.0\.0\.1:\d+\/models\/resnet18-x\.pth': .*\(the part downloaded so far is kept; running the command again continues it\)/,
    );
    expect(readFileSync(join(dir, "resnet18-x.pth.part")).length).toBe(100_000);
    const starts: number[] = [];
    const result = await fetchOfficialFile(official(sha256.slice(0, 8)), dir, base, { start: (_, at) => starts.push(at), progress: () => {} });
    expect(result).toEqual({ path: join(dir, "resnet18-x.pth"), downloaded: true });
    expect(log).toEqual([undefined, "bytes=100000-"]);
    expect(starts).toEqual([100_000]);
    expect(readFileSync(result.path).equals(CONTENT)).toBe(true);
    expect(existsSync(`${result.path}.part`)).toBe(false);
    expect(await fetchOfficialFile(official(sha256.slice(0, 8)), dir, base, quiet)).toEqual({ path: result.path, downloaded: false });
    expect(log).toHaveLength(2);
  });

  it("deletes a download whose hash is not the published one", async () => {
    const xdg = temp();
    const result = await run(["weights", "fetch", "resnet18", "--from", "torchvision"], { XDG_CACHE_HOME: xdg, THTL_WEIGHTS_MIRROR: base });
    const path = join(xdg, "thtl", "weights", "resnet18-f37072fd.pth");
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toBe(
      `thtl weights fetch: downloading ${base}models/resnet18-f37072fd.pth\n` +
        `thtl weights fetch: error THTL4024: the download of '${base}models/resnet18-f37072fd.pth' has the sha256 ${sha256.slice(0, 8)}, not the published f37072fd: it is damaged or not the official file, so it was deleted; run the command again\n`,
    );
    expect(existsSync(path) || existsSync(`${path}.part`)).toBe(false);
  });

  it("prints the path of a file Keras publishes without a hash", async () => {
    const xdg = temp();
    const result = await run(["weights", "fetch", "mobilenet_v2", "--from", "keras", "--notop"], { XDG_CACHE_HOME: xdg, THTL_WEIGHTS_MIRROR: base });
    const path = join(xdg, "thtl", "weights", "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5");
    expect(result.err).toBe(
      `thtl weights fetch: downloading ${base}tensorflow/keras-applications/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5\n` +
        "thtl weights fetch: mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5: no published hash to check\n",
    );
    expect([result.code, result.out]).toEqual([0, `${path}\n`]);
    expect(readFileSync(path).equals(CONTENT)).toBe(true);
  });

  it("offline, says which URL to fetch and where to put the file", async () => {
    const xdg = temp();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await run(["weights", "fetch", "resnet50", "--from", "keras"], { XDG_CACHE_HOME: xdg, THTL_WEIGHTS_MIRROR: `http://127.0.0.1:${port}` });
    const url = `http://127.0.0.1:${port}/tensorflow/keras-applications/resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5`;
    const path = join(xdg, "thtl", "weights", "resnet50_weights_tf_dim_ordering_tf_kernels.h5");
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `thtl weights fetch: downloading ${url}\n` +
        `thtl weights fetch: error THTL4023: cannot download '${url}': ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port} (the part downloaded so far is kept; running the command again continues it); download it yourself (browser, curl) and put it at '${path}', then run the command again to check it, or import it from anywhere with \`thtl weights import FILE --arch resnet50\`\n`,
    );
  });

  it("refuses what no one publishes", async () => {
    const result = await run(["weights", "fetch", "resnet18", "--from", "keras"], {});
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^thtl weights: Keras Applications publishes no resnet18 weights; it has resnet50, vgg16, densenet121, mobilenet_v2, efficientnet_b0, inception_v3, xception\n/);
  });
});
