import type { IndexedRegression } from '../../core/ports';

/** What an alert says: the run, its reference and the criteria that got worse. */
export interface RegressionAlert {
  suite: string;
  runId: string;
  slot?: string;
  regression: IndexedRegression;
  /** This app's status URL of the run, when the app knows its own host name. */
  runUrl?: string;
  /** Where the run's reports are (blob prefix). */
  reportPrefix: string;
}

const number = (value: number | null | undefined) => (value === null || value === undefined ? 'n/a' : Number(value.toPrecision(3)).toString());

/** One line per degraded criterion: difference, interval, adjusted p. */
export function degradedLines(regression: IndexedRegression): string[] {
  return (regression.verdicts ?? [])
    .filter((verdict) => verdict.verdict === 'degraded')
    .map((verdict) => {
      const interval = verdict.interval ? ` [${number(verdict.interval[0])}, ${number(verdict.interval[1])}]` : '';
      return `${verdict.criterion}: ${number(verdict.difference)}${interval}, adjusted p ${number(verdict.adjustedP)}`;
    });
}

export function alertHeadline(alert: RegressionAlert): string {
  const reference = `${alert.regression.referenceKind === 'blessed' ? 'blessed' : 'last good'} run ${alert.regression.reference ?? '?'}`;
  return `Elspeth: scheduled suite '${alert.suite}' regressed in run ${alert.runId} (experiment '${alert.regression.experiment ?? '?'}' against the ${reference})`;
}

/** Plain text for any receiver that reads `text` (Slack, Mattermost, Teams connectors). */
export function alertText(alert: RegressionAlert): string {
  const lines = [alertHeadline(alert), ...degradedLines(alert.regression).map((line) => `- ${line}`), `Reports: ${alert.reportPrefix}`];
  if (alert.runUrl) lines.push(`Status: ${alert.runUrl}`);
  return lines.join('\n');
}

/**
 * The webhook body. Slack incoming webhooks get `text` and Block Kit blocks; every other URL
 * gets a Teams message: an Adaptive Card attachment (what Teams Workflows accept, and Teams
 * incoming webhooks too) with `text` beside it for receivers that only read that.
 */
export function webhookBody(url: string, alert: RegressionAlert): Record<string, unknown> {
  const text = alertText(alert);
  if (isSlack(url)) {
    return {
      text,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `Regression: ${alert.suite}`.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } },
      ],
    };
  }
  const facts = [
    { title: 'Run', value: alert.runId },
    { title: 'Compared with', value: `${alert.regression.reference ?? '?'} (${alert.regression.referenceKind ?? '?'})` },
    { title: 'Experiment', value: alert.regression.experiment ?? '?' },
    ...degradedLines(alert.regression).map((line) => ({ title: line.slice(0, line.indexOf(':')), value: line.slice(line.indexOf(':') + 2) })),
    { title: 'Reports', value: alert.reportPrefix },
    ...(alert.runUrl ? [{ title: 'Status', value: alert.runUrl }] : []),
  ];
  const card = {
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: `Regression: ${alert.suite}`, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: alertHeadline(alert), wrap: true },
      { type: 'FactSet', facts },
    ],
  };
  return { type: 'message', text, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

function isSlack(url: string): boolean {
  try {
    return new URL(url).hostname.toLowerCase() === 'hooks.slack.com';
  } catch {
    return false;
  }
}
