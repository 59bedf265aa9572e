import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/** Every entry name of a zip, in order. */
export async function readZipEntries(zipFile: string): Promise<string[]> {
  const names: string[] = [];
  await eachEntry(zipFile, async (entry) => void names.push(entry.fileName));
  return names;
}

/** Unpacks a zip into `folder` (which must not exist), refusing entries that would leave it. */
export async function unzipTo(zipFile: string, folder: string): Promise<void> {
  await eachEntry(zipFile, async (entry, zip) => {
    const target = path.resolve(folder, entry.fileName);
    if (!target.startsWith(path.resolve(folder) + path.sep)) throw new Error(`zip entry ${entry.fileName} leaves the folder`);
    if (entry.fileName.endsWith('/')) return void fs.mkdirSync(target, { recursive: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
    await pipeline(stream, fs.createWriteStream(target, { mode: (entry.externalFileAttributes >>> 16) & 0o777 || 0o644 }));
  });
}

function eachEntry(zipFile: string, visit: (entry: yauzl.Entry, zip: yauzl.ZipFile) => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true, strictFileNames: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        visit(entry, zip).then(() => zip.readEntry(), (failure: unknown) => {
          zip.close();
          reject(failure instanceof Error ? failure : new Error(String(failure)));
        });
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
