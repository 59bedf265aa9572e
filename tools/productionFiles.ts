import fs from 'node:fs';
import path from 'node:path';

/**
 * What goes into the deployment: the compiled app (dist/src), host.json, a production
 * package.json and the production dependencies recorded in package-lock.json (no dev or
 * dev-optional packages), taken from the installed node_modules so packaging needs no
 * network. Files no runtime loads (type declarations, source maps, TypeScript sources,
 * Markdown docs) are left out by name, never whole folders: a package's own `src/` or
 * `lib/` may hold its entry point.
 */
export interface PackagedFile {
  /** Path inside the package, `/`-separated. */
  target: string;
  /** Absolute path of the file to copy, or the content to write. */
  source: string | Buffer;
}

interface LockPackage {
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  link?: boolean;
}

const SKIPPED_FILE = /(\.d\.[cm]?ts|\.[cm]?ts|\.map|\.tsbuildinfo|\.md|\.markdown)$/i;
const KEPT_FILE = /^(licen[cs]e|notice|copying)/i;

export function productionDependencyFolders(root: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const folders: string[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === '' || entry.dev || entry.devOptional || entry.link) continue;
    const absolute = path.join(root, location);
    if (!fs.existsSync(absolute)) {
      // A skipped optional dependency (another platform's binary) is fine; anything else means node_modules is stale.
      if (entry.optional) continue;
      throw new Error(`${location} is in package-lock.json but not installed: run npm ci first`);
    }
    folders.push(location);
  }
  return folders.sort();
}

/** Every file of the package, sorted by target path. */
export function productionFiles(root: string): PackagedFile[] {
  const files: PackagedFile[] = [];
  const add = (relative: string) => files.push({ target: relative.split(path.sep).join('/'), source: path.join(root, relative) });
  for (const file of walk(root, path.join('dist', 'src'))) if (file.endsWith('.js') || file.endsWith('.json')) add(file);
  add('host.json');
  files.push({ target: 'package.json', source: Buffer.from(`${JSON.stringify(productionManifest(root), null, 2)}\n`) });
  // Nested node_modules folders are skipped in the walk: their production packages are listed on their own.
  for (const folder of productionDependencyFolders(root)) {
    for (const file of walk(root, folder, true)) if (keep(path.basename(file))) add(file);
  }
  return files.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/** package.json as deployed: what the worker reads (main, engines, dependencies); no scripts run on Azure. */
export function productionManifest(root: string): Record<string, unknown> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { name, version, description, license, private: isPrivate, main, engines, dependencies } = manifest;
  return { name, version, description, license, private: isPrivate, main, engines, dependencies };
}

function keep(name: string): boolean {
  return KEPT_FILE.test(name) || !SKIPPED_FILE.test(name);
}

/** Files under `folder` (relative to root); with `skipNodeModules`, not inside nested node_modules folders. */
function walk(root: string, folder: string, skipNodeModules = false): string[] {
  const out: string[] = [];
  const visit = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (!(skipNodeModules && entry.name === 'node_modules')) visit(child);
      } else if (entry.isFile()) out.push(child);
      else if (entry.isSymbolicLink()) throw new Error(`${child} is a symbolic link; the package would not carry it`);
    }
  };
  visit(folder);
  return out;
}
