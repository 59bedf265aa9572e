import { fixedPriceCostTracker } from './fixedPrice';
import { noopCostTracker } from './noop';

export const costTrackerPlugins = [noopCostTracker, fixedPriceCostTracker];
