import { createReadStream, createWriteStream, existsSync, statSync } from "node:fs";
import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import { createHash } from "node:crypto";

/** Progress of a download: bytes so far, and the total when the server says it. */
export type Progress = (done: number, total: number | null) => void;

/** A download that could not reach the server (offline, no DNS, refused): what to tell the user differs. */
export class UnreachableError extends Error {}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ETIMEDOUT", "ECONNRESET"]);
const IDLE_MS = 30_000;

function request(url: string, headers: Record<string, string>, redirects = 5): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith("https:") ? httpsGet : httpGet;
    const req = get(url, { headers }, (res) => {
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.resume();
        if (redirects === 0) return reject(new Error(`too many redirects from ${url}`));
        return resolve(request(new URL(location, url).toString(), headers, redirects - 1));
      }
      resolve(res);
    });
    req.setTimeout(IDLE_MS, () => req.destroy(Object.assign(new Error("no answer"), { code: "ETIMEDOUT" })));
    req.on("error", (error: NodeJS.ErrnoException) => reject(UNREACHABLE.has(error.code ?? "") ? new UnreachableError(`${error.code}: ${error.message}`) : error));
  });
}

/**
 * Downloads `url` into `part`, continuing where an earlier attempt stopped (an HTTP Range
 * request from the part's size; a server that ignores it sends the whole file, which then
 * replaces the part). Resolves when the part holds the whole file.
 */
export async function downloadToPart(url: string, part: string, progress: Progress): Promise<void> {
  const have = existsSync(part) ? statSync(part).size : 0;
  const res = await request(url, have > 0 ? { range: `bytes=${have}-` } : {});
  if (res.statusCode === 416) {
    // The part already holds every byte the server has.
    res.resume();
    return;
  }
  if (res.statusCode !== 200 && res.statusCode !== 206) {
    res.resume();
    throw new Error(`the server answered ${res.statusCode} ${res.statusMessage ?? ""}`.trim());
  }
  const resumed = res.statusCode === 206;
  const length = Number(res.headers["content-length"] ?? Number.NaN);
  const total = Number.isFinite(length) ? length + (resumed ? have : 0) : null;
  let done = resumed ? have : 0;
  const out = createWriteStream(part, { flags: resumed ? "a" : "w" });
  // Settled when the part file is closed, so that every byte received is on disk even when the
  // connection broke (the next attempt continues from the part's size).
  await new Promise<void>((resolve, reject) => {
    let failure: Error | null = null;
    res.on("data", (chunk: Buffer) => {
      done += chunk.length;
      progress(done, total);
    });
    res.on("error", (error) => (failure ??= new UnreachableError(error.message)));
    res.on("close", () => {
      if (res.complete) return;
      failure ??= new UnreachableError("the connection closed before the end of the file");
      out.end();
    });
    out.on("error", (error) => (failure ??= error));
    out.on("close", () => (failure ? reject(failure) : resolve()));
    res.pipe(out);
  });
  if (total !== null && done < total) throw new UnreachableError(`the connection closed after ${done} of ${total} bytes`);
}

/** A file's hash, hex, read as a stream (weight files are large). */
export function hashFile(path: string, algorithm: "sha256" | "md5"): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash(algorithm);
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}
