import { formatFixed, formatPercent } from '../../../src/core/python';

// Expected strings printed by CPython 3.11 `format(x, ".Nf")` / `format(x, ".N%")`.
describe('formatFixed', () => {
  it.each([
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [2.675, 2, '2.67'],
    [1.005, 2, '1.00'],
    [0.5, 0, '0'],
    [1.5, 0, '2'],
    [2.5, 0, '2'],
    [-0.001, 2, '-0.00'],
    [-0, 2, '-0.00'],
    [0.7, 2, '0.70'],
    [1e22, 2, '10000000000000000000000.00'],
    [123.456, 1, '123.5'],
    [5e-324, 3, '0.000'],
    [0.045, 2, '0.04'],
    [1 / 3, 5, '0.33333'],
    [Number.NaN, 2, 'nan'],
    [-Infinity, 2, '-inf'],
  ])('format(%p, ".%pf") is %p', (value, digits, expected) => {
    expect(formatFixed(value, digits)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [0.6, '60%', '60.0%'],
    [0.005, '0%', '0.5%'],
    [0.015, '2%', '1.5%'],
    [0.125, '12%', '12.5%'],
    [1, '100%', '100.0%'],
    [2 / 3, '67%', '66.7%'],
    [0.345, '34%', '34.5%'],
  ])('%p formats as %p and %p', (value, noDecimals, oneDecimal) => {
    expect([formatPercent(value, 0), formatPercent(value, 1)]).toEqual([noDecimals, oneDecimal]);
  });
});
