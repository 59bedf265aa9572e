import type { CliIo } from './io';

interface SignalSource {
  once(signal: 'SIGINT', listener: () => void): unknown;
  removeListener(signal: 'SIGINT', listener: () => void): unknown;
}

/**
 * While a resumable local run is going, Ctrl-C says how to finish it before the process
 * ends (exit 130, as shells expect after SIGINT). Returns the function that removes the
 * handler once the run is over.
 */
export function noticeOnInterrupt(io: Pick<CliIo, 'stderr'>, runId: string, source: SignalSource = process, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const listener = () => {
    io.stderr(`\nInterrupted. Everything finished so far is kept; finish this run with:\n  elspeth resume ${runId}\n`);
    exit(130);
  };
  source.once('SIGINT', listener);
  return () => source.removeListener('SIGINT', listener);
}
