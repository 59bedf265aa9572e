import { HttpRequest, InvocationContext } from '@azure/functions';
import { createPutSuiteHandler } from '../../../src/orchestration/triggers/putSuite';
import { manifestOf } from '../../../src/orchestration/triggers/suiteBundle';
import { materializeSuite } from '../../../src/orchestration/triggers/suiteStore';
import { createMemoryBlobStore } from '../../fakes/memoryBlobStore';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SETTINGS = Buffer.from('default:\n  datasource: {plugin: local_csv, options: {path: data/rows.csv}}\n');

function put(files: Record<string, Buffer>, options: { digest?: string; maxBytes?: number } = {}) {
  const blobs = createMemoryBlobStore();
  const digest = options.digest ?? manifestOf(new Map(Object.entries(files))).digest;
  const handler = createPutSuiteHandler({ blobs: async () => blobs, maxBytes: options.maxBytes ?? 1024 * 1024 });
  const body = JSON.stringify({ files: Object.fromEntries(Object.entries(files).map(([name, content]) => [name, content.toString('base64')])) });
  const request = new HttpRequest({ method: 'PUT', url: `http://127.0.0.1/api/suites/${digest}`, params: { digest }, body: { string: body } });
  return { blobs, digest, answer: () => handler(request, new InvocationContext({ functionName: 'putSuite' })) };
}

describe('PUT /api/suites/{sha256}', () => {
  it('stores the files under their content address, manifest last; a second upload is acknowledged and changes nothing', async () => {
    const files = { 'settings.yaml': SETTINGS, 'data/rows.csv': Buffer.from('a,b\n1,2\n') };
    const first = put(files);
    expect(await first.answer()).toMatchObject({ status: 201, jsonBody: { suiteRef: `sha256:${first.digest}`, files: 2, stored: true } });
    expect((await first.blobs.list(`suites/${first.digest}/`)).sort()).toEqual([`suites/${first.digest}/files/data/rows.csv`, `suites/${first.digest}/files/settings.yaml`, `suites/${first.digest}/manifest.json`]);
    const handler = createPutSuiteHandler({ blobs: async () => first.blobs, maxBytes: 1024 * 1024 });
    const body = JSON.stringify({ files: Object.fromEntries(Object.entries(files).map(([n, c]) => [n, c.toString('base64')])) });
    const again = await handler(new HttpRequest({ method: 'PUT', url: 'http://127.0.0.1/x', params: { digest: first.digest }, body: { string: body } }), new InvocationContext({}));
    expect(again).toMatchObject({ status: 200, jsonBody: { stored: false } });
  });

  it.each([
    ['a parent-folder path', { 'settings.yaml': SETTINGS, '../escape.csv': Buffer.from('x') }],
    ['an absolute path', { 'settings.yaml': SETTINGS, '/etc/passwd': Buffer.from('x') }],
    ['a backslash path', { 'settings.yaml': SETTINGS, 'data\\..\\x.csv': Buffer.from('x') }],
    ['a dot-file', { 'settings.yaml': SETTINGS, '.env': Buffer.from('x') }],
    ['no settings.yaml', { 'other.yaml': SETTINGS }],
  ])('refuses %s with 400 and stores nothing', async (_label, files) => {
    const attempt = put(files);
    const answer = await attempt.answer();
    expect(answer.status).toBe(400);
    expect(await attempt.blobs.list('suites/')).toEqual([]);
  });

  it('keeps a folder named __proto__ as a plain name (no prototype games)', async () => {
    const files: Record<string, Buffer> = JSON.parse('{}') as Record<string, Buffer>;
    Object.defineProperty(files, '__proto__/x.csv', { value: Buffer.from('x'), enumerable: true });
    files['settings.yaml'] = SETTINGS;
    const stored = put(files);
    expect((await stored.answer()).status).toBe(201);
    expect(await stored.blobs.list(`suites/${stored.digest}/files/__proto__/`)).toEqual([`suites/${stored.digest}/files/__proto__/x.csv`]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses content that does not match the digest in the URL', async () => {
    const attempt = put({ 'settings.yaml': SETTINGS }, { digest: 'a'.repeat(64) });
    expect(await attempt.answer()).toMatchObject({ status: 400, jsonBody: { problems: [{ message: expect.stringContaining(`not ${'a'.repeat(64)}`) }] } });
  });

  it('refuses a suite over the size limit with 413', async () => {
    const attempt = put({ 'settings.yaml': SETTINGS, 'data/big.csv': Buffer.alloc(200_000, 65) }, { maxBytes: 10_000 });
    expect((await attempt.answer()).status).toBe(413);
  });

  it('unpacks a stored suite verified against its manifest, and refuses one whose blob was changed', async () => {
    const stored = put({ 'settings.yaml': SETTINGS, 'data/rows.csv': Buffer.from('a\n1\n') });
    await stored.answer();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'suites-'));
    try {
      const located = await materializeSuite(stored.blobs, stored.digest, cache, 'nightly');
      expect(located).toEqual({ settingsFile: path.join(cache, stored.digest, 'nightly', 'settings.yaml'), suiteRoot: path.join(cache, stored.digest, 'nightly') });
      await stored.blobs.put(`suites/${stored.digest}/files/data/rows.csv`, 'a\n2\n');
      await expect(materializeSuite(stored.blobs, stored.digest, cache, 'other')).rejects.toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('does not match its manifest') });
      expect(await materializeSuite(stored.blobs, 'b'.repeat(64), cache, 'x')).toEqual({ error: expect.stringContaining('no submitted suite') });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
