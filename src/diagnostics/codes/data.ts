import type { CodeTable } from "./entry.js";

/**
 * THTL3000-3099: data loading and inspection. Each message names the file and what to do; the
 * codes a file can be skipped for under `--skip-bad-images` are listed in `SKIPPABLE_DATA_CODES`.
 */
export const DATA_CODES = {
  THTL3000: {
    severity: "error",
    message:
      "'{file}' is not a readable image ({reason}): replace or delete it, or pass --skip-bad-images to leave it out",
    example: "a JPEG in `data/fundus/mild` that was cut off half-way through downloading",
  },
  THTL3001: {
    severity: "error",
    message: "class folder '{file}' has no images: add images of class '{class}' or remove the folder",
    example: "`data/larynx/malignant/` exists but is empty",
  },
  THTL3002: {
    severity: "error",
    message:
      "'{file}' line {line}: label '{label}' is not one of the classes ({classes}): correct the label or add it to `classes`",
    example: "a labels.csv row `img/7.png,malgnant` when the classes are benign, malignant",
  },
  THTL3003: {
    severity: "error",
    message: "'{file}' does not exist (line {line} of '{csv}'): correct the path or remove the row",
    example: "a labels.csv row `img/7.png,benign` when `img/7.png` was deleted",
  },
  THTL3004: {
    severity: "error",
    message:
      "'{file}' holds no images (PNG, JPEG, WebP or TIFF): point `data imagefolder` at a folder with one sub-folder of images per class",
    example: 'data imagefolder "data/empty" where data/empty has no images in any sub-folder',
  },
  THTL3005: {
    severity: "error",
    message: "'{file}' does not exist: check the path (a .thtl file's data paths are relative to its folder)",
    example: 'data imagefolder "data/fundsu"',
  },
  THTL3006: {
    severity: "error",
    message: "'{file}' line {line}: {reason}",
    example: 'a labels.csv row `"img/7.png,benign` whose quote is never closed',
  },
  THTL3007: {
    severity: "error",
    message:
      "class '{class}' has no folder '{file}': create it with the class's images, or remove '{class}' from `classes`",
    example: "`classes benign, malignant` with data/larynx holding only benign/",
  },
  THTL3008: {
    severity: "error",
    message: "folder '{file}' is not one of the classes ({classes}): add '{class}' to `classes` or move the folder out",
    example: "`classes benign, malignant` with data/larynx also holding unsure/",
  },
  THTL3009: {
    severity: "error",
    message: "'{file}' is not in a class folder: move it into the sub-folder of its class",
    example: "data/larynx/img1.png next to data/larynx/benign/ and data/larynx/malignant/",
  },
  THTL3010: {
    severity: "error",
    message: "'{file}' needs a header row naming the columns 'path' and 'label', but its first row is '{found}'",
    example: "a labels.csv whose first row is `img/1.png,benign`",
  },
  THTL3011: {
    severity: "error",
    message:
      "'{file}' is a {format} file; thtl reads PNG, JPEG, WebP and TIFF: convert it, or move it out of the data folder",
    example: "data/larynx/benign/scan.bmp",
  },
  THTL3012: {
    severity: "error",
    message: "'{file}' is listed twice in '{csv}' (lines {first} and {line}): remove one of the rows",
    example: "labels.csv with `img/1.png,benign` on lines 2 and 9",
  },
  THTL3013: {
    severity: "error",
    message: "'{file}' is not a folder: `data imagefolder` needs a folder with one sub-folder per class",
    example: 'data imagefolder "labels.csv"',
  },
  THTL3014: {
    severity: "error",
    message:
      "class '{class}' has no rows in '{file}': add images labelled '{class}', or remove '{class}' from `classes`",
    example: "`classes benign, malignant` with a labels.csv whose every row is benign",
  },
  THTL3015: {
    severity: "error",
    message: "'{file}' lists no images: add rows 'path,label' under its header",
    example: "a labels.csv holding only its header row",
  },
} as const satisfies CodeTable;

/** Problems with one image, which `--skip-bad-images` may leave out instead of stopping. */
export type DataCode = keyof typeof DATA_CODES;

export const SKIPPABLE_DATA_CODES: ReadonlySet<string> = new Set<DataCode>([
  "THTL3000",
  "THTL3002",
  "THTL3003",
  "THTL3009",
  "THTL3011",
  "THTL3012",
]);
