import { readFileSync } from "node:fs";

const CLASSES_URL = new URL("../../../assets/imagenet-classes.json", import.meta.url);

/** The 1000 ImageNet class names in class-index order (torchvision's list). */
export function imagenetClasses(): string[] {
  return JSON.parse(readFileSync(CLASSES_URL, "utf8")) as string[];
}
