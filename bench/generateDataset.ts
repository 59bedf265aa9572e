import fs from 'node:fs';
import { applicationsCsv, generateApplications } from './syntheticDataset';

/** `node dist/bench/generateDataset.js <rows> <file> [seed]`: writes the deterministic dataset. */
const [rowsArg, file, seedArg] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!Number.isInteger(rows) || rows < 1 || !file) {
  process.stderr.write('usage: generateDataset <rows> <file> [seed]\n');
  process.exit(2);
}
fs.writeFileSync(file, applicationsCsv(generateApplications(rows, seedArg ? Number(seedArg) : undefined)));
process.stderr.write(`wrote ${rows} rows to ${file}\n`);
