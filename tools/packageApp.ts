import fs from 'node:fs';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { productionFiles, type PackagedFile } from './productionFiles';

/**
 * `npm run package`: writes the deployable Functions package as a folder
 * (`artifacts/app/`, what azd deploys: azure.yaml `dist`) and as a zip
 * (`artifacts/elspeth-functions.zip`, for zip deploy and the CI artifact). Entries are
 * sorted and dated 1980-01-01 so the same inputs give the same bytes.
 */
export interface PackageOptions {
  /** Also write the unpacked folder `<outDir>/app/` (default true; the test only needs the zip). */
  folder?: boolean;
}

export interface PackageResult {
  zipFile: string;
  folder?: string;
  files: number;
  unpackedBytes: number;
  zipBytes: number;
}

const FIXED_TIME = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

export async function packageApp(root: string, outDir = path.join(root, 'artifacts'), options: PackageOptions = {}): Promise<PackageResult> {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'functions', 'app.js'))) throw new Error('dist/src/functions/app.js is missing: run npm run build first');
  const files = productionFiles(root);
  const unpackedBytes = files.reduce((sum, file) => sum + (typeof file.source === 'string' ? fs.statSync(file.source).size : file.source.length), 0);
  const zipFile = path.join(outDir, 'elspeth-functions.zip');
  await writeZip(zipFile, files);
  const result: PackageResult = { zipFile, files: files.length, unpackedBytes, zipBytes: fs.statSync(zipFile).size };
  if (options.folder ?? true) {
    result.folder = path.join(outDir, 'app');
    fs.rmSync(result.folder, { recursive: true, force: true });
    for (const file of files) writeStaged(result.folder, file);
  }
  return result;
}

function writeStaged(folder: string, file: PackagedFile): void {
  const target = path.join(folder, ...file.target.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (typeof file.source === 'string') fs.copyFileSync(file.source, target);
  else fs.writeFileSync(target, file.source);
}

function writeZip(zipFile: string, files: readonly PackagedFile[]): Promise<void> {
  const zip = new ZipFile();
  for (const file of files) {
    if (typeof file.source !== 'string') {
      zip.addBuffer(file.source, file.target, { mtime: FIXED_TIME, mode: 0o100644 });
      continue;
    }
    // Executable bits are kept (some packages ship scripts); everything else is 0644.
    const mode = (fs.statSync(file.source).mode & 0o111) !== 0 ? 0o100755 : 0o100644;
    zip.addFile(file.source, file.target, { mtime: FIXED_TIME, mode });
  }
  zip.end();
  fs.mkdirSync(path.dirname(zipFile), { recursive: true });
  const temporary = `${zipFile}.partial`;
  return new Promise<void>((resolve, reject) => {
    const output = fs.createWriteStream(temporary);
    zip.outputStream.on('error', reject).pipe(output).on('error', reject).on('close', () => {
      fs.renameSync(temporary, zipFile);
      resolve();
    });
  });
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  packageApp(root)
    .then((result) => {
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      process.stdout.write(`${path.relative(root, result.zipFile)}: ${result.files} files, ${mb(result.zipBytes)} zipped (${mb(result.unpackedBytes)} unpacked); folder ${path.relative(root, result.folder ?? '')}/\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`package failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
