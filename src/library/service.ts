/**
 * Each server's library: texts a server adds from Discord, stored in the database (bytes, parsed
 * result and report, in one transaction) and searched and checked beside the shared corpus — by that server
 * only. A server's own index is built from its stored parsed texts after start-up (warm), or when the server
 * first needs it, and changed when its texts change (server-index.ts), touching no other server's and not the shared one.
 * Searches and checks answer from memory, synchronously, as of the server's last look at the store: the first
 * use of a server starts one; ready() (which commands and checks await first) takes one at once, and a change
 * another host announces on the feed (follow()) takes one there.
 */
import { AsyncResource } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import { isUniqueViolation, type Sql } from '../db/sql.js';
import type { ChangeFeed } from '../db/change-feed.js';
import { LibraryRepository, type LibraryText, type StoredDocument } from '../db/library-repo.js';
import type { QuoteSearch } from '../core/search/search.js';
import { checkerOver, type Checker, type CheckSource } from '../core/check/checker.js';
import type { ParsedDocument, QuoteResult } from '../core/types.js';
import type { TextReport } from '../core/corpus/report.js';
import type { LibraryLimits } from '../app/config.js';
import type { Timers } from '../db/deadline-timer.js';
import { downloadAttachment, formatRefusal, megabytes as mb, type DownloadOptions } from './download.js';
import { ingestOffThread, ingestText, keptParser, parserFingerprint, sha256, type GivenMeta, type IngestInput, type Ingested, type KeptParser } from './ingest.js';
import { mergedSearch } from './merged-search.js';
import { combinedCheckSource } from './check-source.js';
import { IndexInSteps, serverIndex, type BuiltIndex, type ServerIndex, type ServerTexts } from './server-index.js';

/** The shared corpus's search and check source (the Library's). */
export interface SharedCorpus {
  search: QuoteSearch;
  checkSource: () => CheckSource;
}

export interface ServerLibrariesOptions {
  sql: Sql;
  shared: SharedCorpus;
  limits: LibraryLimits;
  /** Where attachments may come from (Discord's CDN; in tests, the stand-in's host too). */
  download: Pick<DownloadOptions, 'hosts' | 'plainHttpHosts' | 'fetch'>;
  now: () => number;
  log: Logger;
  /** Index a server's texts as soon as they change (the bot), or only when next searched (the CLI). Default true. */
  eager?: boolean;
  /**
   * How an added text is parsed: in a worker thread (the one warm() keeps, else one for the add) unless given (the
   * in-process tests parse here).
   */
  parse?: (input: IngestInput, log: Logger) => Promise<Ingested>;
  /** How long a step of indexing may run before the bot answers between (default STEP_MS; tests give 0: a unit a step). */
  indexStepMs?: number;
  /** Tells the other hosts sharing the store of an add or a removal, and tells this one of theirs. */
  feed?: ChangeFeed;
}

/** The change feed's topic for server libraries: the payload is the guild id. */
export const LIBRARY_TOPIC = 'library';

/** Where a text to add comes from: an attachment's URL (Discord), or a file on this machine (console, CLI). */
export type TextSource = { url: string } | { path: string };

export interface AddRequest {
  guildId: string | null;
  actor: { id: string; name: string };
  source: TextSource;
  given?: GivenMeta;
  /** Told how the add is going, stage by stage (and byte by byte while downloading). */
  onProgress?: (progress: AddProgress) => void;
}

/** Where an add has got to. */
export type AddProgress =
  | { stage: 'downloading'; received: number; declared: number | null }
  | { stage: 'reading'; fileName: string; bytes: number }
  | { stage: 'indexing'; fileName: string; quotations: number; passages: number };

export type AddOutcome =
  | { ok: true; text: LibraryText; report: TextReport }
  /** `existing`: the same bytes are already in this server's library. */
  | { ok: false; error: string; existing?: LibraryText };

export type RemoveOutcome = { ok: true; text: LibraryText } | { ok: false; error: string };

/** One server's texts as searched: its generation in the store, and what was built from it. */
interface Overlay {
  generation: string;
  /** The server's texts alone (what the next change to them changes). */
  own: ServerIndex;
  /** With the shared corpus's beside it. */
  search: QuoteSearch;
  checker: Checker | null;
}

/** What the last look at a server's texts in the store found. */
interface Known {
  generation: string;
  /** None of its texts is in the library (none added, or all removed): nothing to build. */
  empty: boolean;
  /** The titles of its texts removed (and not added again), by document id: what removedText answers. */
  removed: ReadonlyMap<string, string>;
}

/** A server's index being built or changed in steps (after start-up, or by an add), to the generation given. */
interface Pending {
  generation: string;
  steps: IndexInSteps;
  /** The overlay it changes (searches answer from it meanwhile); undefined when built from nothing. */
  from: Overlay | undefined;
  began: number;
}

/** How a look brings a server's index up to date: at once (the default), or in steps, with the text an add just stored. */
interface LookHow {
  inSteps?: boolean;
  added?: ParsedDocument;
}

/**
 * Servers whose index is kept in memory at once; the least recently searched beyond this is dropped, and built
 * again from the store should it search again (most of a second for a hundred texts).
 */
export const OVERLAYS_KEPT = 200;

/** Stored texts read per query when a server's index is built: a few milliseconds of parsing. */
const TEXTS_READ_AT_ONCE = 4;

const NOT_IN_A_SERVER = 'A library belongs to a server: use /corpus in a server channel.';

// A look runs outside any transaction its caller is in (a check inside the score's, say): it must neither hold up
// that writer nor be rolled back with it.
const outsideTransactions = AsyncResource.bind(<T>(fn: () => T): T => fn());

export class ServerLibraries {
  readonly repo: LibraryRepository;
  private readonly overlays = new Map<string, Overlay>();
  private readonly known = new Map<string, Known>();
  /** Servers whose index is being built or changed in steps. */
  private readonly pending = new Map<string, Pending>();
  /** Each server's latest look at the store; a look begins once the one before it ends. */
  private readonly looking = new Map<string, Promise<void>>();
  /** Adds under way, by server and hash: the same file added twice at once is stored once. */
  private readonly adding = new Set<string>();
  /** Set by `withLocalFiles`: whether a `path` source may be read (never for Discord). */
  private localFiles = false;
  /** The parsing worker kept from warm() until it is stopped (the bot's); absent, each add starts its own. */
  private parser: KeptParser | null = null;

  constructor(private readonly opts: ServerLibrariesOptions) {
    this.repo = new LibraryRepository(opts.sql);
  }

  /**
   * Follows other hosts' adds and removals: the server named is brought up to the store at once (one indexed
   * query, and the index changed if it has texts). Notices missed while the feed reconnected: every server this
   * host has read is. The result stops following.
   */
  follow(): () => void {
    const feed = this.opts.feed;
    if (!feed) return () => {};
    return feed.subscribe(LIBRARY_TOPIC, (guildId) => {
      for (const g of guildId === null ? [...this.known.keys()] : [guildId]) this.lookSoon(g);
    });
  }

  /** Tells every host of a change to a server's library; a failure leaves them to see it at their next look. */
  private async announce(guildId: string): Promise<void> {
    await this.opts.feed?.publish(LIBRARY_TOPIC, guildId).catch((err: unknown) => this.opts.log.warn({ err, guildId }, 'other hosts could not be told of a library change; they see it at their next search there'));
  }

  /** The same libraries, allowed to read texts from files on this machine: for the console and the CLI only. */
  withLocalFiles(): ServerLibraries {
    const view = Object.create(this) as ServerLibraries;
    view.localFiles = true;
    return view;
  }

  get limits(): LibraryLimits {
    return this.opts.limits;
  }

  // ---- search and checks ------------------------------------------------------------------------------

  /**
   * The server's own texts as last read from the store; null when it has none (or none read yet). Answers from
   * memory; a server never read yet starts its first look. Callers that must see the store as it is now await
   * ready() first: a look per search would repeat that query.
   */
  private overlay(guildId: string | null): Overlay | null {
    if (guildId === null) return null;
    this.firstLook(guildId);
    const overlay = this.overlays.get(guildId);
    return overlay ? this.used(guildId, overlay) : null;
  }

  /**
   * Resolves once the server's index in memory is what the store holds now, texts another process added or
   * removed included. Searches and checks never wait for the store: a caller that must not answer from an older
   * index (the first search on a server since start-up, say) awaits this first. Not inside `exclusive`: a look
   * waits for the writer.
   */
  async ready(guildId: string | null): Promise<void> {
    if (guildId !== null) await this.look(guildId);
  }

  /** Resolves once no look at the server's texts is under way (without starting one, as ready() does). */
  async settled(guildId: string): Promise<void> {
    for (let l = this.looking.get(guildId); l; l = this.looking.get(guildId)) await l.catch(() => {});
  }

  /** A look at the server's texts in the store, unless one is under way. */
  /** A look at a server this process has never read. */
  private firstLook(guildId: string): void {
    if (!this.known.has(guildId)) this.lookSoon(guildId);
  }

  private lookSoon(guildId: string): void {
    if (this.looking.has(guildId)) return;
    this.look(guildId).catch((err: unknown) => this.opts.log.error({ err, guildId }, 'a server library could not be read from the store; tried again at its next search'));
  }

  /** Brings the server's index to what the store holds, once the look before it (if any) has ended. */
  private look(guildId: string, how: LookHow = {}): Promise<void> {
    const before = this.looking.get(guildId)?.catch(() => {}) ?? Promise.resolve();
    const mine = outsideTransactions(() => before.then(() => this.lookNow(guildId, how)));
    this.looking.set(guildId, mine);
    const forget = () => {
      if (this.looking.get(guildId) === mine) this.looking.delete(guildId);
    };
    mine.then(forget, forget);
    return mine;
  }

  private async lookNow(guildId: string, { inSteps = false, added }: LookHow): Promise<void> {
    const generation = await this.repo.generation(guildId);
    // A server that never added a text (most) costs this one indexed query.
    if (generation.startsWith('0:')) {
      this.known.set(guildId, { generation, empty: true, removed: new Map() });
      return;
    }
    const cached = this.overlays.get(guildId);
    const known = this.known.get(guildId);
    if (known?.generation === generation && (known.empty || cached?.generation === generation)) return;
    const removed = known?.generation === generation ? known.removed : await this.repo.removedTitles(guildId);
    const texts = await this.storedTexts(guildId, added);
    this.known.set(guildId, { generation, empty: texts.ids.length === 0, removed });
    if (texts.ids.length === 0) {
      this.overlays.delete(guildId);
      return;
    }
    if (inSteps) {
      await this.inSteps(guildId, generation, cached, texts);
      await this.lookNow(guildId, {}); // whatever changed meanwhile, at once
      return;
    }
    const began = performance.now();
    // A text or two added or removed changes the index the server had, rather than building it again.
    this.install(guildId, generation, await serverIndex(texts, `server:${guildId}:${generation}`, cached?.own ?? null), began);
  }

  /** The overlay, as the most recently used (the first in the map is the one dropped). */
  private used(guildId: string, overlay: Overlay): Overlay {
    this.overlays.delete(guildId);
    this.overlays.set(guildId, overlay);
    return overlay;
  }

  private install(guildId: string, generation: string, built: BuiltIndex, began: number): Overlay {
    const { updated, ...own } = built;
    const overlay: Overlay = { generation, own, search: mergedSearch(this.opts.shared.search, own.search), checker: null };
    this.used(guildId, overlay);
    if (this.overlays.size > OVERLAYS_KEPT) this.overlays.delete(this.overlays.keys().next().value!);
    this.opts.log.debug({ guildId, texts: own.corpus.documents.length, units: own.search.size, updated, ms: Math.round(performance.now() - began) }, 'server library indexed');
    return overlay;
  }

  /**
   * The server's index built or changed in steps, the bot answering between them; installed unless another was
   * meanwhile. A removal that cannot wait finishes what is left at once (finishPending).
   */
  private async inSteps(guildId: string, generation: string, from: Overlay | undefined, texts: ServerTexts): Promise<void> {
    const steps = new IndexInSteps(texts, `server:${guildId}:${generation}`, from?.own ?? null, this.opts.indexStepMs);
    const p: Pending = { generation, steps, from, began: performance.now() };
    this.pending.set(guildId, p);
    try {
      // A turn before each step, the first too: an add comes here from storing its text, a block of its own.
      do {
        await nextTurn();
        if (this.pending.get(guildId) !== p) return; // finished by a removal meanwhile
      } while (!(await steps.step()));
      const built = await steps.finish();
      if (this.pending.get(guildId) !== p) return;
      this.pending.delete(guildId);
      this.installPending(guildId, p, built);
    } finally {
      if (this.pending.get(guildId) === p) this.pending.delete(guildId);
    }
  }

  private async finishPending(guildId: string, p: Pending): Promise<void> {
    this.pending.delete(guildId);
    try {
      this.installPending(guildId, p, await p.steps.finish());
    } catch (err) {
      this.opts.log.error({ err, guildId }, 'a server library could not be indexed in steps; it is built again');
    }
  }

  /** Unless another index was installed since the change began (it then is the newer). */
  private installPending(guildId: string, p: Pending, built: BuiltIndex): void {
    if (this.overlays.get(guildId) === p.from) this.install(guildId, p.generation, built, p.began);
  }

  /**
   * Builds the index of every server with texts after start-up, one server after another, each in steps between
   * which the bot answers (IndexInSteps): the first /quote on a server then finds it ready. At most
   * OVERLAYS_KEPT servers. Also starts the parsing worker adds use (keptParser), ready for the first. `stop`
   * drops what is left and ends that worker; `done` settles when the last is built or it is stopped.
   */
  warm(timers: Timers, ownsGuild: (guildId: string) => boolean = () => true): { stop: () => void; done: Promise<void> } {
    if (!this.opts.parse) this.parser ??= keptParser(this.opts.log);
    let queue: string[] | null = null;
    let handle: unknown = null;
    let stopped = false;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const next = async () => {
      handle = null;
      try {
        queue ??= (await this.repo.guilds()).filter(ownsGuild).slice(0, OVERLAYS_KEPT);
      } catch (err) {
        this.opts.log.error({ err }, 'the servers with libraries could not be read; each is indexed at its first search');
        return finished();
      }
      const guildId = queue.shift();
      if (stopped || guildId === undefined) return finished();
      await this.warmOne(guildId).catch((err: unknown) => this.opts.log.error({ err, guildId }, 'a server library could not be indexed ahead; it is tried at its first search'));
      if (!stopped) handle = timers.setTimeout(() => void next(), 0);
    };
    handle = timers.setTimeout(() => void next(), 0);
    return {
      stop: () => {
        stopped = true;
        this.parser?.stop();
        this.parser = null;
        queue = [];
        if (handle !== null) timers.clearTimeout(handle);
        finished();
      },
      done,
    };
  }

  /** One server's index built in steps, unless a search or an add built it first. */
  private async warmOne(guildId: string): Promise<void> {
    if (this.overlays.has(guildId) || this.pending.has(guildId)) return;
    await this.look(guildId, { inSteps: true });
  }

  /**
   * The server's texts as stored: their ids now, their parsed texts read when a build asks for them. `added`, the
   * text an add just stored, is not read back.
   */
  private async storedTexts(guildId: string, added?: ParsedDocument): Promise<ServerTexts> {
    const rows = (await this.repo.list(guildId, -1)).sort((a, b) => a.id - b.id);
    return {
      ids: rows.map((t) => t.documentId),
      documents: (wanted) => (wanted === null ? this.documents(guildId) : this.documentsOf(rows.filter((t) => wanted.has(t.documentId)), added)),
    };
  }

  /** These texts' stored parsed texts, read one by one as they are iterated; `added`'s, just stored, not read back. */
  private async *documentsOf(texts: LibraryText[], added: ParsedDocument | undefined): AsyncGenerator<ParsedDocument> {
    for (const t of texts) {
      if (added && t.documentId === added.meta.id) {
        yield added;
        continue;
      }
      const stored = await this.repo.document(t.id);
      if (stored) yield await this.current(stored); // else removed meanwhile
    }
  }

  /** The server's stored parsed texts, read a few at a time as they are iterated: a build in steps reads them between its steps. */
  private async *documents(guildId: string): AsyncGenerator<ParsedDocument> {
    for (let after = 0, page; (page = await this.repo.documents(guildId, after, TEXTS_READ_AT_ONCE)).length; after = page[page.length - 1].id) {
      for (const stored of page) yield await this.current(stored);
    }
  }

  /** A stored parsed text as this parser makes it: one an older parser wrote is parsed again from its bytes, and stored. */
  private async current({ id, document, parser }: StoredDocument): Promise<ParsedDocument> {
    const current = parserFingerprint();
    return parser === current ? document : this.parsedAgain(id, document, current);
  }

  private async parsedAgain(id: number, document: ParsedDocument, parser: string): Promise<ParsedDocument> {
    const file = await this.repo.file(id);
    const text = await this.repo.text(id);
    if (!file || !text) return document;
    const again = ingestText({ fileName: text.fileName, bytes: file.original, hash: text.sha256 }, this.opts.log);
    if (!again.ok || again.document.meta.id !== document.meta.id) return document;
    // What the member gave when adding (title, author, kind) is kept.
    again.document.meta = { ...again.document.meta, title: text.title, author: text.author, kind: text.kind };
    await this.repo.reparsed(id, again.document, { ...again.report, title: text.title, author: text.author, kind: text.kind }, parser);
    return again.document;
  }

  /** /quote's search on a server: the shared corpus and the server's own texts. */
  search(guildId: string | null): QuoteSearch {
    return this.overlay(guildId)?.search ?? this.opts.shared.search;
  }

  /** The argument checker on a server: the shared corpus and the server's own texts, as one corpus. */
  checker(guildId: string | null, shared: () => Checker): Checker {
    const overlay = this.overlay(guildId);
    if (!overlay) return shared();
    overlay.checker ??= checkerOver(combinedCheckSource(this.opts.shared.checkSource(), overlay.own.corpus));
    return overlay.checker;
  }

  /** A quotation or passage by id, as the server sees the corpus. */
  quotation(id: string, guildId: string | null): QuoteResult | undefined {
    return this.search(guildId).get(id);
  }

  /**
   * The title of this server's text with that document id once removed (views say so beside a verdict); else null.
   * From memory, as of the server's last look at the store (overlay()).
   */
  removedText(guildId: string | null, documentId: string): string | null {
    if (guildId === null) return null;
    this.firstLook(guildId);
    return this.known.get(guildId)?.removed.get(documentId) ?? null;
  }

  // ---- add, list, remove ------------------------------------------------------------------------------

  /** Downloads (or reads), parses and stores one text; the server's index includes it when this resolves. */
  async add(req: AddRequest): Promise<AddOutcome> {
    const { guildId } = req;
    if (guildId === null) return { ok: false, error: NOT_IN_A_SERVER };
    const { limits } = this.opts;
    const usage = await this.repo.usage(guildId);
    if (usage.texts >= limits.maxTexts) {
      return { ok: false, error: `This server's library is full: it holds ${usage.texts} texts, the most allowed (${limits.maxTexts}). Remove one with /corpus remove first.` };
    }
    const got = await this.fetch(req.source, req.onProgress);
    if (!got.ok) return got;
    const { fileName, bytes } = got;
    if (bytes.length === 0) return { ok: false, error: `“${fileName}” is empty: attach the text itself.` };
    if (usage.bytes + bytes.length > limits.maxBytes) {
      return { ok: false, error: `This server's library has room for ${mb(Math.max(0, limits.maxBytes - usage.bytes))} more, and “${fileName}” is ${mb(bytes.length)}. Remove a text with /corpus remove, or add a smaller one.` };
    }
    const hash = sha256(bytes);
    const existing = await this.repo.liveBySha(guildId, hash);
    if (existing) return duplicate(existing);
    const key = `${guildId}\0${hash}`;
    if (this.adding.has(key)) return { ok: false, error: `“${fileName}” is being added right now; it will be in the library in a moment (see /corpus list).` };
    this.adding.add(key);
    try {
      const began = performance.now();
      req.onProgress?.({ stage: 'reading', fileName, bytes: bytes.length });
      // Parsed in a worker thread: the bot goes on answering meanwhile.
      const input = { fileName, bytes, hash, given: req.given };
      const parse = this.opts.parse ?? this.parser?.parse ?? ingestOffThread;
      const ingested = await parse(input, this.opts.log);
      if (!ingested.ok) return ingested;
      // Another add of the same bytes (this process or another) may have finished while this one was parsing.
      const stored = await this.repo.liveBySha(guildId, hash);
      if (stored) return duplicate(stored);
      req.onProgress?.({ stage: 'indexing', fileName, quotations: ingested.document.quotations.length, passages: ingested.document.passages.length });
      let text: LibraryText;
      try {
        text = await this.repo.insert({ guildId, sha256: hash, fileName, original: bytes, document: ingested.document, report: ingested.report, parser: parserFingerprint(), addedBy: req.actor, addedAt: this.opts.now() });
      } catch (err) {
        // Another process (a shard, the CLI) stored the same bytes first.
        const stored = isUniqueViolation(err) ? await this.repo.liveBySha(guildId, hash) : null;
        if (stored) return duplicate(stored);
        throw err;
      }
      // Indexed now, in steps between which the bot answers, not at the next search.
      if (this.opts.eager !== false) await this.look(guildId, { inSteps: true, added: ingested.document });
      await this.announce(guildId);
      this.opts.log.info({ guildId, textId: text.id, documentId: text.documentId, bytes: bytes.length, quotations: text.quotations, ms: Math.round(performance.now() - began) }, 'library text added');
      return { ok: true, text, report: ingested.report };
    } finally {
      this.adding.delete(key);
    }
  }

  private async fetch(source: TextSource, onProgress?: AddRequest['onProgress']): Promise<{ ok: true; fileName: string; bytes: Uint8Array } | { ok: false; error: string }> {
    const { limits } = this.opts;
    if ('url' in source) {
      const onBytes = onProgress && ((received: number, declared: number | null) => onProgress({ stage: 'downloading', received, declared }));
      return downloadAttachment(source.url, { ...this.opts.download, maxBytes: limits.maxTextBytes, timeoutMs: limits.downloadTimeoutMs, onBytes });
    }
    if (!this.localFiles) return { ok: false, error: 'Attach the file to the command: only files attached on Discord can be added here.' };
    const fileName = basename(source.path);
    const bad = formatRefusal(fileName);
    if (bad) return { ok: false, error: bad };
    try {
      const bytes = await readFile(source.path);
      if (bytes.length > limits.maxTextBytes) return { ok: false, error: `“${fileName}” is too large (${mb(bytes.length)}): a text may be at most ${mb(limits.maxTextBytes)}.` };
      return { ok: true, fileName, bytes };
    } catch (err) {
      return { ok: false, error: `“${source.path}” could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): give the path of a text file.` };
    }
  }

  /** The server's texts, newest first, one page at a time. */
  async list(guildId: string, page: number, perPage: number): Promise<{ texts: LibraryText[]; total: number }> {
    const total = (await this.repo.usage(guildId)).texts;
    return { texts: await this.repo.list(guildId, perPage, page * perPage), total };
  }

  /**
   * The server's text a member names: its number in /corpus list ("3", "#3", what autocomplete sends), its
   * document id, or its title. Another server's text is never found.
   */
  async find(guildId: string, named: string): Promise<LibraryText | null> {
    const s = named.trim();
    const byNumber = /^#?(\d{1,12})$/.exec(s);
    if (byNumber) {
      const t = await this.repo.text(Number(byNumber[1]));
      return t && t.guildId === guildId && t.removedAt === null ? t : null;
    }
    const all = await this.repo.list(guildId);
    const lower = s.toLowerCase();
    return all.find((t) => t.documentId === s) ?? all.find((t) => t.title.toLowerCase() === lower) ?? null;
  }

  /** Autocomplete: the server's texts whose title, author or file name holds what was typed. */
  async suggest(guildId: string, typed: string, limit = 25): Promise<LibraryText[]> {
    const q = typed.trim().toLowerCase().replace(/^#/, '');
    const all = await this.repo.list(guildId);
    if (!q) return all.slice(0, limit);
    return all.filter((t) => String(t.id) === q || [t.title, t.author ?? '', t.fileName].some((f) => f.toLowerCase().includes(q))).slice(0, limit);
  }

  /** A text and its full ingestion report. */
  async info(guildId: string, named: string): Promise<{ text: LibraryText; report: TextReport | null } | null> {
    const text = await this.find(guildId, named);
    return text ? { text, report: (await this.repo.file(text.id))?.report ?? null } : null;
  }

  /** Removes a text of this server: its quotations leave search and checks at once. */
  async remove(guildId: string | null, id: number, actor: { id: string }): Promise<RemoveOutcome> {
    if (guildId === null) return { ok: false, error: NOT_IN_A_SERVER };
    const text = await this.repo.text(id);
    if (!text || text.guildId !== guildId) return { ok: false, error: 'That text is not in this server\'s library: pick one from /corpus list.' };
    if (text.removedAt !== null || !(await this.repo.remove(id, actor.id, this.opts.now()))) {
      return { ok: false, error: `“${text.title}” was already removed.` };
    }
    if (this.opts.eager !== false) {
      // Out of search at once: an add's change under way is finished now rather than in steps, then this one made.
      const pending = this.pending.get(guildId);
      if (pending) await this.finishPending(guildId, pending);
      await this.look(guildId);
    }
    await this.announce(guildId);
    this.opts.log.info({ guildId, textId: id, documentId: text.documentId }, 'library text removed');
    return { ok: true, text: (await this.repo.text(id))! };
  }
}

function duplicate(existing: LibraryText): AddOutcome {
  return {
    ok: false,
    existing,
    error: `This file is already in this server's library as #${existing.id} “${existing.title}” (added by ${existing.addedBy.name}); it was not added again.`,
  };
}
