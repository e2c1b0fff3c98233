import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl, downloadAttachment, fileNameOf } from '../../src/library/download.js';
import { downloadSources } from '../../src/app/build.js';

/** A stand-in for Discord's CDN on 127.0.0.1: each path answers as the test says. */
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const handlers = new Map<string, Handler>();
const requests: string[] = [];
const server = http.createServer((req, res) => {
  requests.push(req.url ?? '');
  const h = handlers.get((req.url ?? '').split('?')[0]!);
  if (h) h(req, res);
  else res.writeHead(404).end();
});
let host = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const opts = (over: Partial<Parameters<typeof downloadAttachment>[1]> = {}) => ({ hosts: [host], plainHttpHosts: [host], maxBytes: 1000, timeoutMs: 5000, ...over });
const url = (path: string) => `http://${host}${path}`;

describe('downloadAttachment', () => {
  it('GIVEN a text on the allowed host THEN its bytes and the file name its URL ends with', async () => {
    handlers.set('/attachments/1/2/Letters%20on%20Freedom.md', (_q, res) => res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end('# Letters\n\nWords.'));
    const got = await downloadAttachment(url('/attachments/1/2/Letters%20on%20Freedom.md?ex=1&is=2'), opts());
    expect(got).toEqual({ ok: true, fileName: 'Letters on Freedom.md', bytes: new Uint8Array(Buffer.from('# Letters\n\nWords.')) });
  });

  it('GIVEN a size over the limit in Content-Length THEN refused before the body is read', async () => {
    let written = 0;
    handlers.set('/big.txt', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' });
      res.write('x'.repeat(100), () => (written += 100));
    });
    const got = await downloadAttachment(url('/big.txt'), opts());
    expect(got).toMatchObject({ ok: false, error: expect.stringMatching(/too large \(0\.00 MB\): a text may be at most 0\.00 MB/) });
    expect(written).toBeLessThanOrEqual(100);
  });

  it('GIVEN a body that grows past the limit without saying its size THEN refused while reading', async () => {
    handlers.set('/stream.txt', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 20; i++) res.write('y'.repeat(100));
      res.end();
    });
    expect(await downloadAttachment(url('/stream.txt'), opts())).toMatchObject({ ok: false, error: expect.stringMatching(/too large: a text may be at most/) });
  });

  it.each([
    ['an image', '/cover.png', 'image/png', /is not a format the library reads/],
    ['a program', '/setup.exe', 'application/x-msdownload', /is not a format the library reads/],
    ['a text served as an image', '/notes.txt', 'image/png', /is image\/png, not a text the library reads/],
    ['an EPUB served as HTML', '/book.epub', 'text/html', /is text\/html, not a text/],
  ])('GIVEN %s THEN refused, saying which formats are read', async (_what, path, type, error) => {
    handlers.set(path, (_q, res) => res.writeHead(200, { 'content-type': type }).end('data'));
    expect(await downloadAttachment(url(path), opts())).toMatchObject({ ok: false, error: expect.stringMatching(error) });
  });

  it('GIVEN a redirect THEN it is not followed', async () => {
    handlers.set('/moved.txt', (_q, res) => res.writeHead(302, { location: 'https://example.com/x.txt' }).end());
    expect(await downloadAttachment(url('/moved.txt'), opts())).toMatchObject({ ok: false, error: expect.stringMatching(/HTTP 302/) });
  });

  it('GIVEN Discord that never answers THEN the timeout ends the wait with a refusal', async () => {
    handlers.set('/stuck.txt', () => undefined);
    expect(await downloadAttachment(url('/stuck.txt'), opts({ timeoutMs: 200 }))).toMatchObject({ ok: false, error: expect.stringMatching(/did not send the file within 0\.2 s/) });
  });

  it('GIVEN hosts other than those allowed THEN nothing is requested', async () => {
    const before = requests.length;
    for (const u of [`http://127.0.0.2:1/x.txt`, `https://${host}/x.txt`.replace('https', 'ftp'), 'not a url', `http://evil@${host}/x.txt`]) {
      expect(await downloadAttachment(u, opts())).toMatchObject({ ok: false });
    }
    expect(requests.length).toBe(before);
  });
});

describe('where attachments may come from', () => {
  it('GIVEN Discord\'s own API THEN only its CDN, over https', () => {
    const sources = downloadSources('https://discord.com/api');
    expect(sources).toEqual({ hosts: ['cdn.discordapp.com', 'media.discordapp.net'], plainHttpHosts: [] });
    expect(checkUrl('https://cdn.discordapp.com/attachments/1/2/a.txt', sources)).toBeInstanceOf(URL);
    expect(checkUrl('http://cdn.discordapp.com/attachments/1/2/a.txt', sources)).toMatch(/Only files attached on Discord/);
    expect(checkUrl('https://discord.com/api/a.txt', sources)).toMatch(/Only files attached on Discord/);
  });

  it('GIVEN a local stand-in as the API base THEN its host too, over http', () => {
    expect(downloadSources('http://127.0.0.1:4000/api')).toEqual({ hosts: ['cdn.discordapp.com', 'media.discordapp.net', '127.0.0.1:4000'], plainHttpHosts: ['127.0.0.1:4000'] });
  });

  it('GIVEN a URL THEN the file name is its last path segment, decoded', () => {
    expect(fileNameOf(new URL('https://cdn.discordapp.com/attachments/1/2/Memoirs%20of%20a%20Revolutionary.epub?ex=65&is=66'))).toBe('Memoirs of a Revolutionary.epub');
  });
});
