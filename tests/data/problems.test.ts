import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDomain, type LoadOptions } from "../../src/data/index.js";
import { hopFor, RGB8, tempDir, writeImage, writeText } from "./fixtures.js";

function options(dir: string, skipBadImages = false): LoadOptions {
  return { baseDir: dir, cacheDir: join(dir, ".cache"), skipBadImages, image: RGB8 };
}

async function folderWith(files: Record<string, "png" | "jpeg" | string>): Promise<string> {
  const dir = tempDir();
  for (const [path, content] of Object.entries(files)) {
    if (path.endsWith("/")) mkdirSync(join(dir, path), { recursive: true });
    else if (content === "png" || content === "jpeg") await writeImage(join(dir, path), { format: content });
    else writeText(join(dir, path), content);
  }
  return dir;
}

const messages = (list: { code: string; message: string }[]) => list.map((p) => `${p.code} ${p.message}`);

describe("bad input in an image folder", () => {
  it("names a corrupt image and a truncated one, and what to do", async () => {
    const dir = await folderWith({ "data/a/good.png": "png", "data/a/junk.png": "not an image at all", "data/b/ok.jpeg": "jpeg" });
    const whole = readFileSync(join(dir, "data/b/ok.jpeg"));
    writeText(join(dir, "data/b/cut.jpg"), whole.subarray(0, Math.floor(whole.length / 2)));
    writeText(join(dir, "data/b/empty.png"), "");
    const domain = await loadDomain(hopFor({ kind: "imagefolder", path: "data" }), options(dir));
    expect(messages(domain.problems)).toEqual([
      "THTL3000 'data/a/junk.png' is not a readable image (its content is not PNG, JPEG, WebP or TIFF): replace or delete it, or pass --skip-bad-images to leave it out",
      "THTL3000 'data/b/cut.jpg' is not a readable image (the file is truncated): replace or delete it, or pass --skip-bad-images to leave it out",
      "THTL3000 'data/b/empty.png' is not a readable image (the file is empty): replace or delete it, or pass --skip-bad-images to leave it out",
    ]);
    expect(domain.problems.map((p) => p.file)).toEqual(["data/a/junk.png", "data/b/cut.jpg", "data/b/empty.png"]);
    const usable = [...domain.splits.train, ...domain.splits.val].map((s) => s.file).sort();
    expect(usable).toEqual([join(dir, "data/a/good.png"), join(dir, "data/b/ok.jpeg")]);
  });

  it("moves skippable problems to `skipped` with --skip-bad-images, keeping the others", async () => {
    const dir = await folderWith({ "data/a/good.png": "png", "data/a/junk.png": "xx", "data/b/": "", "data/stray.png": "png" });
    const domain = await loadDomain(hopFor({ kind: "imagefolder", path: "data" }), options(dir, true));
    expect(messages(domain.skipped)).toEqual([
      "THTL3009 'data/stray.png' is not in a class folder: move it into the sub-folder of its class",
      "THTL3000 'data/a/junk.png' is not a readable image (its content is not PNG, JPEG, WebP or TIFF): replace or delete it, or pass --skip-bad-images to leave it out",
    ]);
    expect(messages(domain.problems)).toEqual([
      "THTL3001 class folder 'data/b' has no images: add images of class 'b' or remove the folder",
    ]);
  });

  it("names an empty class folder", async () => {
    const dir = await folderWith({ "data/benign/1.png": "png", "data/malignant/notes.txt": "to do" });
    const domain = await loadDomain(hopFor({ kind: "imagefolder", path: "data" }), options(dir));
    expect(messages(domain.problems)).toEqual([
      "THTL3001 class folder 'data/malignant' has no images: add images of class 'malignant' or remove the folder",
    ]);
    expect(domain.classes).toEqual(["benign", "malignant"]);
  });

  it("names a folder with no images, and a folder that does not exist", async () => {
    const dir = await folderWith({ "data/readme.txt": "nothing here" });
    expect(messages((await loadDomain(hopFor({ kind: "imagefolder", path: "data" }), options(dir))).problems)).toEqual([
      "THTL3004 'data' holds no images (PNG, JPEG, WebP or TIFF): point `data imagefolder` at a folder with one sub-folder of images per class",
    ]);
    expect(messages((await loadDomain(hopFor({ kind: "imagefolder", path: "dta" }), options(dir))).problems)).toEqual([
      "THTL3005 'dta' does not exist: check the path (a .thtl file's data paths are relative to its folder)",
    ]);
    expect(messages((await loadDomain(hopFor({ kind: "imagefolder", path: "data/readme.txt" }), options(dir))).problems)).toEqual([
      "THTL3013 'data/readme.txt' is not a folder: `data imagefolder` needs a folder with one sub-folder per class",
    ]);
  });

  it("checks the folders against declared classes, and reports unsupported formats", async () => {
    const dir = await folderWith({ "data/benign/1.png": "png", "data/benign/2.bmp": "BM", "data/unsure/3.png": "png" });
    const domain = await loadDomain(hopFor({ kind: "imagefolder", path: "data" }, { classes: ["benign", "malignant"] }), options(dir));
    expect(messages(domain.problems)).toEqual([
      "THTL3008 folder 'data/unsure' is not one of the classes (benign, malignant): add 'unsure' to `classes` or move the folder out",
      "THTL3011 'data/benign/2.bmp' is a BMP file; thtl reads PNG, JPEG, WebP and TIFF: convert it, or move it out of the data folder",
      "THTL3007 class 'malignant' has no folder 'data/malignant': create it with the class's images, or remove 'malignant' from `classes`",
    ]);
  });
});

describe("bad input in a CSV file", () => {
  it("names a label that is not a class, a missing file and a duplicate row, by line", async () => {
    const dir = await folderWith({ "set/img/1.png": "png", "set/img/2.png": "png" });
    writeText(join(dir, "set/labels.csv"), "path,label\nimg/1.png,benign\nimg/2.png,malgnant\nimg/3.png,benign\nimg/1.png,malignant\n");
    const hop = hopFor({ kind: "csv", path: "set/labels.csv", root: "set" }, { classes: ["benign", "malignant"] });
    const domain = await loadDomain(hop, options(dir));
    expect(messages(domain.problems)).toEqual([
      "THTL3002 'set/labels.csv' line 3: label 'malgnant' is not one of the classes (benign, malignant): correct the label or add it to `classes`",
      "THTL3003 'set/img/3.png' does not exist (line 4 of 'set/labels.csv'): correct the path or remove the row",
      "THTL3012 'set/img/1.png' is listed twice in 'set/labels.csv' (lines 2 and 5): remove one of the rows",
    ]);
    expect(domain.splits.train.length + domain.splits.val.length).toBe(1);
  });

  it("names a missing header, an unclosed quote, a short row, an empty list and a class without rows", async () => {
    const dir = await folderWith({ "img/1.png": "png" });
    const load = async (text: string, classes: string[] = []) => {
      writeText(join(dir, "labels.csv"), text);
      return messages((await loadDomain(hopFor({ kind: "csv", path: "labels.csv", root: "." }, { classes }), options(dir))).problems);
    };
    expect(await load("img/1.png,benign\n")).toEqual([
      "THTL3010 'labels.csv' needs a header row naming the columns 'path' and 'label', but its first row is 'img/1.png,benign'",
    ]);
    expect(await load('path,label\n"img/1.png,benign\n')).toEqual(["THTL3006 'labels.csv' line 2: a quoted field is not closed: add the closing '\"'"]);
    expect(await load("path,label\nimg/1.png\n")).toEqual([
      "THTL3006 'labels.csv' line 2: expected at least 2 fields (the header's 'path' and 'label' columns) but found 1: add the missing field",
    ]);
    expect(await load("path,label\n")).toEqual(["THTL3015 'labels.csv' lists no images: add rows 'path,label' under its header"]);
    expect(await load("path,label\nimg/1.png,benign\n", ["benign", "malignant"])).toEqual([
      "THTL3014 class 'malignant' has no rows in 'labels.csv': add images labelled 'malignant', or remove 'malignant' from `classes`",
    ]);
  });

  it("reads quoted paths, other columns in any order, and takes the sorted labels as classes", async () => {
    const dir = await folderWith({ "img/a, b.png": "png", "img/c.webp": "png" });
    writeText(join(dir, "labels.csv"), 'label,notes,path\nz,"x, y","img/a, b.png"\nm,,img/c.webp\n');
    const domain = await loadDomain(hopFor({ kind: "csv", path: "labels.csv", root: "." }, { split: { train: 50, val: 50, test: 0, seed: 1 } }), options(dir));
    expect(domain.problems).toEqual([]);
    expect(domain.classes).toEqual(["m", "z"]);
    const all = [...domain.splits.train, ...domain.splits.val].sort((a, b) => a.label - b.label);
    expect(all).toEqual([
      { file: join(dir, "img/c.webp"), label: 0 },
      { file: join(dir, "img/a, b.png"), label: 1 },
    ]);
  });
});
