import { noopBaseline } from './noop';
import { rowCount } from './rowCount';
import { scoreDelta } from './scoreDelta';

export const baselinePlugins = [scoreDelta, rowCount, noopBaseline];
