import { sequentialDifferenceEarlyStop } from './sequentialDifference';
import { thresholdEarlyStop } from './threshold';

export const earlyStopPlugins = [thresholdEarlyStop, sequentialDifferenceEarlyStop];
