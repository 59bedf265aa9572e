import { costSummary } from './costSummary';
import { classificationMetrics } from './classificationMetrics';
import { latencySummary } from './latencySummary';
import { noopAggregator } from './noop';
import { pairwiseSummary } from './pairwiseSummary';
import { promptVariants } from './promptVariants';
import { rationaleAnalysis } from './rationaleAnalysis';
import { scoreAgreement } from './scoreAgreement';
import { scorePower } from './scorePower';
import { scoreRecommendation } from './scoreRecommendation';
import { scoreStats } from './scoreStats';
import { scoreVariantRanking } from './scoreVariantRanking';

// prompt_variants (docs/original-behaviour.md §3.15) is added here by its owner.
export const aggregatorPlugins = [
  scoreStats,
  scoreRecommendation,
  scoreVariantRanking,
  scoreAgreement,
  scorePower,
  costSummary,
  latencySummary,
  rationaleAnalysis,
  promptVariants,
  classificationMetrics,
  pairwiseSummary,
  noopAggregator,
];
