import { adaptiveRateLimiter } from './adaptive';
import { fixedWindowRateLimiter } from './fixedWindow';
import { noopRateLimiter } from './noop';
import { sharedRateLimiter } from './shared';

export const rateLimiterPlugins = [noopRateLimiter, fixedWindowRateLimiter, adaptiveRateLimiter, sharedRateLimiter];
