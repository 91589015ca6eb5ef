// Run by `vsce package` (vscode:prepublish), writing build outputs that git ignores:
// - syntaxes/: the repository's TextMate grammar (grammar/thtl.tmLanguage.json), copied rather
//   than duplicated in git;
// - build/README.md: this folder's README without the screenshot, which vsce would refuse (it
//   wants images at an https address, and thtl has no public one).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

mkdirSync(new URL("syntaxes/", import.meta.url), { recursive: true });
copyFileSync(
  new URL("../../grammar/thtl.tmLanguage.json", import.meta.url),
  new URL("syntaxes/thtl.tmLanguage.json", import.meta.url),
);

const readme = readFileSync(new URL("README.md", import.meta.url), "utf8");
const withoutPicture = readme.replace(/\n!\[[^\]]*\]\(screenshot\.png\)\n\n[\s\S]*?\n\n/, "\n");
if (withoutPicture === readme) throw new Error("README.md: the screenshot paragraph was not found");
mkdirSync(new URL("build/", import.meta.url), { recursive: true });
writeFileSync(new URL("build/README.md", import.meta.url), withoutPicture);
