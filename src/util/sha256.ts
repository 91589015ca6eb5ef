import * as crypto from "node:crypto";

/** `crypto.hash` (Node 20.12+) skips the Hash object that `createHash` allocates for every call. */
const oneShot = (crypto as Partial<typeof crypto>).hash;

/** The hex sha256 of text or bytes: stage hashes, store keys, checkpoint and weight-file checksums. */
export function sha256(data: string | Uint8Array): string {
  return oneShot ? oneShot("sha256", data, "hex") : crypto.createHash("sha256").update(data).digest("hex");
}
