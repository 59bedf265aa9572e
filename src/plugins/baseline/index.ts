import { categoryEffects } from './categoryEffects';
import { criteriaEffects } from './criteriaEffects';
import { noopBaseline } from './noop';
import { outlierDetection } from './outlierDetection';
import { refereeAlignment } from './refereeAlignment';
import { rowCount } from './rowCount';
import { scoreAssumptions } from './scoreAssumptions';
import { scoreBayes } from './scoreBayes';
import { scoreCliffsDelta } from './scoreCliffsDelta';
import { scoreDelta } from './scoreDelta';
import { scoreDistribution } from './scoreDistribution';
import { scoreFlipAnalysis } from './scoreFlipAnalysis';
import { scorePractical } from './scorePractical';
import { scoreSignificance } from './scoreSignificance';
import { scoreVerdict } from './scoreVerdict';

export const baselinePlugins = [
  scoreVerdict,
  scoreDelta,
  scoreCliffsDelta,
  scoreAssumptions,
  scoreSignificance,
  scoreBayes,
  scoreDistribution,
  scorePractical,
  rowCount,
  refereeAlignment,
  categoryEffects,
  criteriaEffects,
  outlierDetection,
  scoreFlipAnalysis,
  noopBaseline,
];
