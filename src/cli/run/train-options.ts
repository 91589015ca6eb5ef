import type { BackendPreference } from "../../runtime/backend/select.js";
import type { CliIO } from "../../util/io.js";

/** What `thtl run` hands the training step once its arguments are parsed and the plan is in hand. */
export interface TrainOptions {
  io: CliIO;
  /** The file as the user named it. */
  file: string;
  baseDir: string;
  outDir: string;
  cacheDir: string;
  /** The stage store's folder; null to train every stage here. */
  storeDir: string | null;
  backend: BackendPreference;
  resume: boolean;
  force: boolean;
  json: boolean;
  skipBadImages: boolean;
  workers: number;
  /** `--cam N`: maps of N validation images after every stage. */
  cam?: number;
  resumeCommand: string;
}
