import type { CodeTable } from "./entry.js";

/** THTL5000-5099: problems with the files and arguments a command was given. */
export const CLI_CODES = {
  THTL5000: {
    severity: "error",
    message: "cannot read '{file}': the file does not exist",
    example: "`thtl check missing.thtl` where `missing.thtl` does not exist",
  },
  THTL5001: {
    severity: "error",
    message: "cannot read '{file}': it is a directory, not a .thtl file",
    example: "`thtl check schedules` where `schedules` is a folder",
  },
  THTL5002: {
    severity: "error",
    message: "cannot read '{file}': {reason}",
    example: "`thtl check locked.thtl` where the file is not readable (permission denied)",
  },
  THTL5003: {
    severity: "error",
    message:
      "'{file}' is not UTF-8 text: the first bad byte is on line {line} (byte offset {offset}); save the file as UTF-8",
    example: "a .thtl file saved in Latin-1 that contains `é` as the single byte 0xE9",
  },
  THTL5004: {
    severity: "error",
    message: "'{file}' looks like a binary file (it contains a NUL byte at offset {offset}), not .thtl source",
    example: "`thtl check model.bin` on a file of binary weights",
  },
} as const satisfies CodeTable;
