import { noopAggregator } from './noop';
import { scoreRecommendation } from './scoreRecommendation';
import { scoreStats } from './scoreStats';

export const aggregatorPlugins = [scoreStats, scoreRecommendation, noopAggregator];
