/**
 * Verdict methods are recorded as compact tokens ("paired_t + holm across criteria;
 * bootstrap_percentile (2000 paired resamples, seed 20240611)"); reports say them in words.
 * Unknown tokens fall back to their text with underscores as spaces, so a new method
 * still reads sensibly before it gets its own phrase.
 */
const TEST_NAMES: Record<string, string> = {
  paired_t: 'paired t-test',
  welch_t: "Welch's t-test",
  student_t: "Student's t-test",
  mann_whitney: 'Mann-Whitney U test',
  mannwhitney: 'Mann-Whitney U test',
  wilcoxon: 'Wilcoxon signed-rank test',
  mcnemar: "McNemar's test",
  mcnemar_exact: "McNemar's exact test",
  paired_proportion_difference: 'paired difference of proportions',
  difference_of_proportions: 'difference of proportions',
  bootstrap_percentile: 'percentile bootstrap interval',
  bootstrap_bca: 'BCa bootstrap interval',
  holm: 'Holm correction',
  bonferroni: 'Bonferroni correction',
  fdr: 'Benjamini-Hochberg false discovery rate control',
  fdr_bh: 'Benjamini-Hochberg false discovery rate control',
};

export function describeMethod(method: unknown): string {
  if (typeof method !== 'string' || method.trim() === '') return 'n/a';
  const clauses = method.split(';').map((clause) => clause.trim()).filter((clause) => clause !== '');
  const words = clauses.map((clause) => clause.split(' + ').map(describePart).join(', with '));
  const sentence = words.join('; ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** `holm across criteria` -> "Holm correction across criteria"; `x (detail)` keeps its detail. */
function describePart(part: string): string {
  const match = /^([A-Za-z0-9_]+)(.*)$/.exec(part.trim());
  if (!match) return part.trim();
  const [, token, rest] = match as unknown as [string, string, string];
  const name = TEST_NAMES[token.toLowerCase()] ?? token.replace(/_/g, ' ');
  return `${name}${rest}`;
}
