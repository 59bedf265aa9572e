import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { noticeOnInterrupt } from '../../src/cli/interruptNotice';
import { parseRunFlags } from '../../src/cli/commands/runFlags';
import { createMemoryIo, listTree } from './cliTestKit';

describe('elspeth init, then run', () => {
  let cwd: string;
  beforeAll(() => (cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-init-'))));
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('writes a suite that validates and runs on the mock out of the box, with the original-layout reports', async () => {
    const init = createMemoryIo(cwd);
    expect(await main(['init', 'my_suite'], init)).toBe(0);
    expect(listTree(path.join(cwd, 'my_suite'))).toEqual([
      'README.md', 'baseline', 'baseline/config.json', 'concise_prompt', 'concise_prompt/config.json', 'concise_prompt/user_prompt.md', 'data', 'data/items.csv', 'settings.yaml',
    ]);
    const validate = createMemoryIo(cwd);
    expect([await main(['validate', '--settings', 'my_suite/settings.yaml', '--suite-root', 'my_suite'], validate), validate.err()]).toEqual([0, expect.any(String)]);
    const run = createMemoryIo(cwd);
    const code = await main(['run', '--settings', 'my_suite/settings.yaml', '--suite-root', 'my_suite', '--no-progress', '--reports-dir', 'suite_reports'], run);
    expect({ code, err: code === 0 ? '' : run.err() }).toEqual({ code: 0, err: '' });
    expect(run.err()).toMatch(/blobs: http:\/\/127\.0\.0\.1:\d+\/\S+ \(embedded Azurite: served only while this command runs; the same files are in the folder above\)/);
    const [runId] = fs.readdirSync(path.join(cwd, 'out'));
    const written = listTree(path.join(cwd, 'out', runId!));
    expect(written).toEqual(expect.arrayContaining(['suite/report.html', 'suite/summary.md', 'concise_prompt/reports/analytics_report.html']));
    expect(listTree(path.join(cwd, 'suite_reports')).filter((file) => file.includes('.'))).toEqual([
      'baseline/stats.json',
      'concise_prompt/stats.json',
      'consolidated/analysis.xlsx',
      'consolidated/analysis_config.json',
      'consolidated/comparative_analysis.json',
      'consolidated/executive_summary.md',
      'consolidated/failure_analysis.json',
      'consolidated/recommendations.json',
      'consolidated/suite_export.json',
      'consolidated/suite_summary.md',
      'consolidated/validation_results.json',
    ]);
    const comparative = JSON.parse(fs.readFileSync(path.join(cwd, 'suite_reports', 'consolidated', 'comparative_analysis.json'), 'utf8'));
    expect(Object.keys((comparative as { variants: object }).variants)).toEqual(['concise_prompt']);
    expect(fs.readFileSync(path.join(cwd, 'suite_reports', 'consolidated', 'executive_summary.md'), 'utf8')).toMatch(/^# Executive summary: my_suite\n\nBaseline \*\*baseline\*\*: mean /);
  }, 120_000);

  it('never overwrites: a non-empty folder is refused with exit 2', async () => {
    fs.mkdirSync(path.join(cwd, 'taken'));
    fs.writeFileSync(path.join(cwd, 'taken', 'keep.txt'), 'mine');
    const io = createMemoryIo(cwd);
    expect(await main(['init', 'taken'], io)).toBe(2);
    expect(io.err()).toBe('error: taken already exists and is not an empty folder; elspeth init never overwrites files\n');
    expect(fs.readdirSync(path.join(cwd, 'taken'))).toEqual(['keep.txt']);
  });
});

describe('elspeth run flags that used to be ignored', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-polish-'));
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('--head without --single-run is an error (exit 2), --head 0 is allowed', async () => {
    await main(['init', 's'], createMemoryIo(cwd));
    const io = createMemoryIo(cwd);
    expect(await main(['run', '--settings', 's/settings.yaml', '--suite-root', 's', '--head', '3'], io)).toBe(2);
    expect(io.err()).toBe('error: --head applies only with --single-run (it previews the first N rows of a single run)\n');
    expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
    expect(parseRunFlags(['--settings', 's/settings.yaml', '--head', '0'], cwd).head).toBe(0);
    expect(parseRunFlags(['--settings', 's/settings.yaml', '--single-run', '--head', '3'], cwd).head).toBe(3);
  });

  it('says so when a settings file sits beside experiment folders but no --suite-root is given', async () => {
    const io = createMemoryIo(cwd);
    const code = await main(['run', '--settings', 's/settings.yaml', '--no-progress', '--storage', 'memory'], io);
    expect(code).toBe(0);
    expect(io.err()).toContain(`Note: ${path.join(cwd, 's')} holds experiment folders (baseline, concise_prompt), but no --suite-root was given and the profile has no suite_root, so this is a single run of the profile. To run them as a suite: --suite-root ${path.join(cwd, 's')}\n`);
  }, 60_000);
});

describe('Ctrl-C during a run', () => {
  it('prints the resume line and exits 130; removed once the run is over', () => {
    const signals = new EventEmitter();
    const lines: string[] = [];
    const exits: number[] = [];
    const removeFirst = noticeOnInterrupt({ stderr: (text) => lines.push(text) }, 'cli-demo-1', signals, (code) => exits.push(code));
    signals.emit('SIGINT');
    expect({ lines, exits }).toEqual({ lines: ['\nInterrupted. Everything finished so far is kept; finish this run with:\n  elspeth resume cli-demo-1\n'], exits: [130] });
    const again = noticeOnInterrupt({ stderr: (text) => lines.push(text) }, 'cli-demo-2', signals, (code) => exits.push(code));
    removeFirst();
    again();
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});
