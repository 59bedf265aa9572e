/** What a command may touch; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** True when stderr is a terminal (the progress bar redraws in place). */
  interactive: boolean;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM); long-running commands race it. */
  untilShutdown?: Promise<unknown>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: { ...process.env },
    cwd: process.cwd(),
    interactive: process.stderr.isTTY === true,
  };
}

/** Exit codes: 0 ok, 1 the run finished with failures or broke, 2 bad input. */
export const EXIT = { ok: 0, failures: 1, badInput: 2 } as const;

const BAD_INPUT_CODES: ReadonlySet<string> = new Set([
  'REQUEST_INVALID',
  'CONFIG_INVALID',
  'PLUGIN_NOT_FOUND',
  'PLUGIN_OPTIONS_INVALID',
  'PROMPT_TEMPLATE_INVALID',
  'DATASOURCE_FAILED',
  'RUN_NOT_FOUND',
]);

/** Errors that are the user's input, not the platform (exit 2): a retryable one is an outage. */
export function isBadInput(error: { code: string; retryable?: boolean }): boolean {
  return BAD_INPUT_CODES.has(error.code) && error.retryable !== true;
}
