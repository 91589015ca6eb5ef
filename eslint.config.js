// ESLint for the TypeScript and the JavaScript scripts. Formatting is Prettier's job
// (.prettierrc.json), so no rule here is about layout. `npm run lint` runs both.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "runs/", "data/", "weights/", ".cache/", "bench/out/", "coverage/", "**/*.d.mts"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    // A terminal tool matches ANSI escapes (\x1b) on purpose.
    rules: { "no-control-regex": "off" },
  },
  {
    // The VS Code extension's client is CommonJS, as VS Code loads it.
    files: ["editors/vscode/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Type-aware essentials: a promise nobody awaits loses its error; awaiting a non-promise
      // or passing an async function where a callback's result is ignored is a bug.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
);
