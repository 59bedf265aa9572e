/**
 * How the mock Azure AI Content Safety decides severities: each category has trigger terms
 * with the severity they report; a text gets, per category, the highest severity of the terms
 * it contains as whole words (case-insensitive), else 0. Deterministic, so a suite knows which
 * rows a `severity_threshold` will stop.
 */
import { z } from 'zod';

/** The GA API's harm categories, in the order it reports them. */
export const CONTENT_SAFETY_CATEGORIES = ['Hate', 'SelfHarm', 'Sexual', 'Violence'] as const;
export type ContentSafetyCategory = (typeof CONTENT_SAFETY_CATEGORIES)[number];

/** Term to severity; the GA API's default output uses 0, 2, 4 and 6. */
const TermSeveritiesSchema = z.record(z.string().min(1), z.number().int().min(0).max(7));

export const DEFAULT_CONTENT_SAFETY_TERMS: Record<ContentSafetyCategory, Record<string, number>> = {
  Hate: { idiots: 2, hateful: 4, 'hate speech': 6 },
  SelfHarm: { 'hurt myself': 4, 'self-harm': 6 },
  Sexual: { explicit: 4, 'sexually explicit': 6 },
  Violence: { fight: 2, violent: 4, threaten: 4, kill: 6 },
};

export const ContentSafetyTermsSchema = z
  .strictObject({
    Hate: TermSeveritiesSchema.optional(),
    SelfHarm: TermSeveritiesSchema.optional(),
    Sexual: TermSeveritiesSchema.optional(),
    Violence: TermSeveritiesSchema.optional(),
  })
  .default(DEFAULT_CONTENT_SAFETY_TERMS);
export type ContentSafetyTerms = z.output<typeof ContentSafetyTermsSchema>;

export interface CategoryAnalysis {
  category: ContentSafetyCategory;
  severity: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word match, so `kill` does not flag "skills". */
function containsTerm(text: string, term: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

export function analyzeSeverities(text: string, categories: readonly ContentSafetyCategory[], terms: ContentSafetyTerms): CategoryAnalysis[] {
  return categories.map((category) => {
    const severities = Object.entries(terms[category] ?? {})
      .filter(([term]) => containsTerm(text, term))
      .map(([, severity]) => severity);
    return { category, severity: Math.max(0, ...severities) };
  });
}

export function isContentSafetyCategory(value: unknown): value is ContentSafetyCategory {
  return typeof value === 'string' && (CONTENT_SAFETY_CATEGORIES as readonly string[]).includes(value);
}
