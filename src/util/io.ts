/**
 * What a command may touch of the outside world. `main` passes the real process; tests pass a
 * recorder, so that every command can be tested in-process for exactly what a user sees.
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout / stderr are terminals (colour, redraws and the Ink UI need one). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The real streams, for commands that draw a live UI; absent in tests that record text. */
  streams?: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream };
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    streams: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  };
}

/** An in-memory CliIO for tests: everything written is collected in `out` and `err`. */
export function recordingIO(options: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean } = {}) {
  const record = { out: "", err: "" };
  const io: CliIO = {
    stdout: (text) => void (record.out += text),
    stderr: (text) => void (record.err += text),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
  };
  return Object.assign(record, { io });
}

/** Whether a process of this host still runs (a lock's holder): signal 0 probes without sending anything. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
