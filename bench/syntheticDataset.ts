import { createSeededRandom } from '../src/core/stats/random';

/**
 * A deterministic dataset of made-up application descriptions, for the demo suite and
 * the benchmark: the same seed and size always give the same rows, on any machine.
 */

const INDUSTRIES = ['HR', 'Retail', 'Support', 'Finance', 'Health', 'Logistics', 'Education', 'Energy'];
const ADJECTIVES = ['Smart', 'Rapid', 'Clear', 'Bright', 'Lean', 'Secure', 'Open', 'Guided', 'Quiet', 'Bold'];
const NOUNS = ['Assistant', 'Optimiser', 'Copilot', 'Planner', 'Tracker', 'Advisor', 'Scheduler', 'Auditor', 'Router', 'Summariser'];
const VERBS = ['Automates', 'Simplifies', 'Speeds up', 'Checks', 'Explains', 'Prioritises', 'Forecasts', 'Drafts'];
const OBJECTS = ['onboarding steps', 'stock levels', 'support replies', 'invoice reviews', 'shift rotas', 'delivery routes', 'lesson plans', 'meter readings', 'policy questions', 'incident reports'];
const AUDIENCES = ['for new hires', 'for store managers', 'for support agents', 'for analysts', 'for clinicians', 'for dispatchers', 'for teachers', 'for field engineers'];

export const SYNTHETIC_COLUMNS = ['APPID', 'title', 'summary', 'industry', 'category'] as const;

export function generateApplications(count: number, seed = 2026): Record<string, string>[] {
  const random = createSeededRandom(seed).next;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const width = Math.max(5, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const industry = pick(INDUSTRIES);
    return {
      APPID: `APP-${String(i + 1).padStart(width, '0')}`,
      title: `${pick(ADJECTIVES)} ${pick(NOUNS)}`,
      summary: `${pick(VERBS)} ${pick(OBJECTS)} ${pick(AUDIENCES)}.`,
      industry,
      category: random() < 0.5 ? 'internal' : 'customer',
    };
  });
}

/** CSV text of the rows (no field needs quoting: the word lists hold no commas or quotes). */
export function applicationsCsv(rows: readonly Record<string, string>[]): string {
  const lines = [SYNTHETIC_COLUMNS.join(',')];
  for (const row of rows) lines.push(SYNTHETIC_COLUMNS.map((column) => row[column] ?? '').join(','));
  return `${lines.join('\n')}\n`;
}
