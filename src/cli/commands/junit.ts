import type { VerdictRow } from '../../orchestration/triggers/verdictTable';

/**
 * JUnit XML for CI test reports: one test case per variant × criterion (class name the
 * variant), a failure for each verdict the gate fails on, the run's summary as system-out.
 */
export interface JunitInput {
  suite: string;
  runId: string;
  rows: readonly VerdictRow[];
  failing: readonly VerdictRow[];
  summaryText: string;
}

export function renderJunit(input: JunitInput): string {
  const failing = new Set(input.failing);
  const cases = input.rows.map((row) => {
    const name = `${row.variant} ${row.criterion}`;
    const detail = describe(row);
    const body = failing.has(row) ? `\n      <failure message="${escape(`${row.verdict}: ${detail}`)}" type="${escape(row.verdict)}">${escape(detail)}</failure>\n    ` : '';
    return `    <testcase classname="${escape(`${input.suite}.${row.variant}`)}" name="${escape(name)}">${body}</testcase>`;
  });
  const header = `  <testsuite name="${escape(input.suite)}" tests="${input.rows.length}" failures="${input.failing.length}" errors="0" skipped="0" id="${escape(input.runId)}">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="elspeth" tests="${input.rows.length}" failures="${input.failing.length}">`,
    header,
    ...cases,
    `    <system-out>${escape(input.summaryText)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function describe(row: VerdictRow): string {
  const parts = [`verdict ${row.verdict}`, `method ${row.method}`];
  if (row.difference !== null) parts.push(`difference ${row.difference}`);
  if (row.interval) parts.push(`interval [${row.interval[0]}, ${row.interval[1]}]`);
  if (row.adjustedP !== null) parts.push(`adjusted p ${row.adjustedP}`);
  return parts.join('; ');
}

/** XML text and attribute escaping; characters XML 1.0 cannot hold are dropped. */
function escape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
