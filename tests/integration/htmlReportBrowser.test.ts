import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { buildHtmlReport } from '../../src/core/reports/html/htmlReport';
import { htmlReportInput } from '../core/reports/htmlFixtures';

/**
 * Opens the HTML report in Debian's Chromium (installed by .ci/run; playwright-core
 * drives it and downloads no browser) and checks that every chart drew marks, and that
 * the page logged no error and asked for nothing but itself.
 */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface ChartInfo {
  id: string | null;
  width: number;
  height: number;
  marks: number;
}

/** Runs in the page (the tests' TypeScript has no DOM types, so it is sent as text). */
const CHART_PROBE = `[...document.querySelectorAll('figure[data-chart]')].map((figure) => {
  const svg = figure.querySelector('svg');
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
  const marks = svg ? svg.querySelectorAll('.role-mark path, .role-mark line, .role-mark text, .role-mark rect, .mark-symbol path').length : 0;
  return { id: figure.getAttribute('data-chart'), width: Math.round(box.width), height: Math.round(box.height), marks };
})`;

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  let folder: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    folder = mkdtempSync(join(tmpdir(), 'elspeth-report-'));
    // launch() gives the browser a fresh temporary profile (its own --user-data-dir).
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('renders every chart and logs no errors', async () => {
    const report = await buildHtmlReport({ ...htmlReportInput(), title: 'Suite report: sample_suite' });
    const file = join(folder, 'report.html');
    writeFileSync(file, report.html);
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`); });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const charts = await page.evaluate<ChartInfo[]>(CHART_PROBE);
    expect(charts.map((chart) => chart.id)).toEqual(['verdicts', 'score-distributions', 'cost-quality', 'latency', 'row-outcomes', 'confusion-variant_a-label']);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(100);
      expect(chart.height).toBeGreaterThan(50);
      expect(chart.marks).toBeGreaterThan(0);
    }
    const title = await page.title();
    const verdictRows = await page.evaluate<number>("document.querySelectorAll('#verdicts tbody tr').length");
    expect({ title, verdictRows, problems, requests }).toEqual({ title: 'Suite report: sample_suite', verdictRows: 4, problems: [], requests: [pathToFileURL(file).href] });
    await page.close();
  });
});
