import { formatFixed } from '../format/exactDecimal';

export { formatFixed };

/** `format(value, f".{digits}%")`: Python multiplies the double by 100 first. */
export function formatPercent(value: number, digits: number): string {
  return `${formatFixed(value * 100, digits)}%`;
}
