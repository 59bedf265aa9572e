import { goldMatch } from './goldMatch';
import { noopRow } from './noop';
import { scoreExtractor } from './scoreExtractor';

export const rowPlugins = [scoreExtractor, goldMatch, noopRow];
