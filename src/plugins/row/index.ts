import { customScorer } from './customScorer';
import { goldMatch } from './goldMatch';
import { llmJudge } from './llmJudge';
import { llmPairwiseJudge } from './llmPairwiseJudge';
import { noopRow } from './noop';
import { scoreExtractor } from './scoreExtractor';

export const rowPlugins = [scoreExtractor, goldMatch, llmJudge, llmPairwiseJudge, customScorer, noopRow];
