import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../src/core/errors';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The design lives in docs/; these keep the pages honest as the code moves. */
describe('docs', () => {
  it('docs/errors.md lists every error code', () => {
    const listed = [...read('docs/errors.md').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(Object.keys(ERROR_CODES));
  });

  // The design pages; pages other work is still writing (deploy, CI) are checked once they land.
  const DESIGN_PAGES = ['README.md', 'docs/architecture.md', 'docs/reports.md', 'docs/adding-a-plugin.md', 'docs/errors.md', ...fs.readdirSync(path.join(ROOT, 'docs', 'decisions')).map((name) => `docs/decisions/${name}`)];

  it('every relative link of the design pages points to a file that exists', () => {
    const pages = DESIGN_PAGES;
    const broken = pages.flatMap((page) =>
      [...read(page).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
        .map((match) => match[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !fs.existsSync(path.resolve(ROOT, path.dirname(page), target)))
        .map((target) => `${page} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('nothing sends readers outside the repository for the design', () => {
    const pages = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs'), { recursive: true }).map(String).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
    expect(pages.filter((page) => /\.\.\/shared|shared\/reference|shared\/DESIGN/.test(read(page)))).toEqual([]);
  });
});
