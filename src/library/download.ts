/**
 * Fetches an attachment a member gave /corpus add, safely: only from Discord's own CDN (and, for tests, the
 * host of the configured API base), no redirects, the size checked before (Content-Length) and while reading,
 * a timeout, and the file's extension and content type checked against what the corpus reads. A refusal says
 * what was wrong and what to do; nothing is fetched from anywhere else.
 */
import { FORMATS, formatOf } from '../core/corpus/layout/index.js';

/** Discord's attachment hosts. */
export const DISCORD_CDN_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'] as const;

export interface DownloadOptions {
  /** Hosts (host[:port]) an attachment may come from. */
  hosts: readonly string[];
  /** Of those, hosts fetched over plain http (the local stand-in for Discord in tests); all others need https. */
  plainHttpHosts?: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  /** The fetch to use (the global one by default). */
  fetch?: typeof fetch;
  /** Told the bytes received so far (and the size declared, if any) as they come. */
  onBytes?: (received: number, declared: number | null) => void;
}

export type Downloaded = { ok: true; fileName: string; bytes: Uint8Array } | { ok: false; error: string };

/** Content types a file of each format may arrive as; octet-stream (or none) leaves it to the extension. */
const CONTENT_TYPES: Record<'text' | 'markdown' | 'html' | 'epub', readonly string[]> = {
  text: ['text/plain'],
  markdown: ['text/markdown', 'text/x-markdown', 'text/plain'],
  html: ['text/html', 'application/xhtml+xml', 'text/plain'],
  epub: ['application/epub+zip', 'application/zip', 'application/x-zip-compressed'],
};
const ANY_BINARY = ['application/octet-stream', 'binary/octet-stream'];

/** "2.5 MB", as limits and refusals say sizes. */
export const megabytes = (n: number): string => `${(n / 1048576).toFixed(n < 1048576 ? 2 : 1)} MB`;

/** The file name an attachment URL ends with ("…/attachments/1/2/memoirs.txt?ex=…" → "memoirs.txt"). */
export function fileNameOf(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Why a file name is not one the corpus reads, or null when it is. */
export function formatRefusal(fileName: string): string | null {
  if (formatOf(fileName)) return null;
  return `“${fileName}” is not a format the library reads: attach a text as ${Object.keys(FORMATS).join(', ')} (an image, a PDF or a program cannot be read).`;
}

/** Whether `url` may be fetched at all, and its parsed form; a string says why not. */
export function checkUrl(raw: string, opts: Pick<DownloadOptions, 'hosts' | 'plainHttpHosts'>): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'That is not an attachment: attach the file to the command (the file option).';
  }
  const secure = url.protocol === 'https:';
  const plain = url.protocol === 'http:' && (opts.plainHttpHosts ?? []).includes(url.host);
  if (!(secure || plain) || !opts.hosts.includes(url.host) || url.username || url.password) {
    return 'Only files attached on Discord can be added: attach the file to the command itself rather than giving a link.';
  }
  return url;
}

/** Downloads an attachment within the limits, or says why not. Never throws. */
export async function downloadAttachment(raw: string, opts: DownloadOptions): Promise<Downloaded> {
  const url = checkUrl(raw, opts);
  if (typeof url === 'string') return { ok: false, error: url };
  const fileName = fileNameOf(url);
  const badFormat = formatRefusal(fileName);
  if (badFormat) return { ok: false, error: badFormat };
  const format = formatOf(fileName)!;
  const tooLarge = (size: number | null) =>
    `The file is too large${size === null ? '' : ` (${megabytes(size)})`}: a text may be at most ${megabytes(opts.maxBytes)}. Split it, or convert it to plain text.`;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, { redirect: 'manual', signal });
  } catch (err) {
    return { ok: false, error: timedOut(err) ? `Discord did not send the file within ${opts.timeoutMs / 1000} s; try again.` : 'The file could not be fetched from Discord; try again in a moment.' };
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, error: `Discord would not give the file (HTTP ${res.status}); attach it again and retry.` };
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type && !CONTENT_TYPES[format].includes(type) && !ANY_BINARY.includes(type)) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, error: `“${fileName}” is ${type}, not a text the library reads: attach a text as ${Object.keys(FORMATS).join(', ')}.` };
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, error: tooLarge(declared) };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = res.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      size += next.value.length;
      if (size > opts.maxBytes) {
        await reader!.cancel().catch(() => undefined);
        return { ok: false, error: tooLarge(null) };
      }
      chunks.push(next.value);
      opts.onBytes?.(size, Number.isFinite(declared) ? declared : null);
    }
  } catch (err) {
    return { ok: false, error: timedOut(err) ? `Discord did not send the whole file within ${opts.timeoutMs / 1000} s; try again.` : 'The download broke off; attach the file again and retry.' };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, fileName, bytes };
}

const timedOut = (err: unknown) => err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
