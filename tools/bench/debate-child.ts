/**
 * The bot side of the kill -9 benchmark (bench/debates.ts spawns it; not run by hand). One line per fact on
 * standard output, tab-separated, times as wall-clock milliseconds (performance.timeOrigin + now()):
 *
 *   node --import tsx bench/debate-child.ts run <db> <debates> <turnSeconds> <graceSeconds>
 *     opens the WAL database, starts <debates> open-floor debates (two debaters each) through the
 *     DebateService, begins them spread over one turn and keeps recording arguments in some of them until
 *     it is killed. Prints `late <ms>` per timer event (lateness against its deadline), `arg <debate> <key>
 *     <verdict>` once an argument's transaction (which stores its score too) has committed, `begun <t>` when
 *     every debate has begun.
 *
 *   node --import tsx bench/debate-child.ts resume <db> <graceSeconds>
 *     opens the same file after the kill, lists the debates already due (`overdue <n>` and one `due
 *     <channel>` each), prints `ready <t>` and starts the scheduler; each post through its gateway prints
 *     `post <t> <channel> <kind>` (kind: time, turn, other). On SIGTERM it stops in order, prints `closed`
 *     and exits.
 *
 * Both are wired as src/services-factory.ts wires the bot: the score (src/score) checks each argument in
 * the transaction that stores it, against the corpus in corpus/ and the index in data/; at start the
 * debates' scheduler starts first, then the score (which builds its checker).
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { ChannelGateway, Reply } from '../../src/seam/reply.js';
import { currentTurn } from '../../src/core/debate/state.js';
import { openLibrary } from '../../src/app/bootstrap.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { openDatabase, type Database } from '../../src/db/open.js';
import { createDebateService, type DebateServiceOptions } from '../../src/debate/service.js';
import { createScoreService } from '../../src/score/service.js';

const wall = () => performance.timeOrigin + performance.now();
const out = (...fields: (string | number)[]) => process.stdout.write(`${fields.join('\t')}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = pino({ level: 'silent' });

const kindOf = (reply: Reply | string): string => {
  const text = typeof reply === 'string' ? reply : reply.content ?? '';
  return text.startsWith('⏰ Time') ? 'time' : text.startsWith('**Turn ') ? 'turn' : 'other';
};

/** A gateway answering like a fast network: each call resolves on a later turn of the event loop. */
function gateway(report: boolean): ChannelGateway {
  let n = 0;
  return {
    createThread: async (channelId: string) => `t-${channelId}`,
    post: async (channelId: string, reply: Reply) => {
      await new Promise((r) => setImmediate(r));
      if (report) out('post', wall().toFixed(2), channelId, kindOf(reply));
      return `m${++n}`;
    },
    edit: async () => {
      await new Promise((r) => setImmediate(r));
    },
  } as ChannelGateway;
}

/** The debate service with the score, as the bot builds them. */
function services(db: Database, options: Omit<DebateServiceOptions, 'sql' | 'now' | 'log' | 'scoring'>) {
  const library = openLibrary({ corpusDir: resolve('corpus'), dataDir: resolve('data'), log, now: Date.now });
  const sql = sqliteSql(db);
  const scores = createScoreService({ sql, now: Date.now, log, checker: library.checker, quotation: (id) => library.search.get(id) });
  const debates = createDebateService({
    sql,
    now: Date.now,
    log,
    ...options,
    scoring: { argumentsStored: (id) => void scores.scoreDebate(id).catch((err) => log.error({ err }, 'scoring failed')), marks: (id) => scores.marks(id) },
  });
  return { debates, scores };
}

async function run(path: string, count: number, turnSeconds: number, graceSeconds: number): Promise<void> {
  const g = gateway(false);
  const { debates: service, scores } = services(openDatabase(path), {
    gateway: g,
    graceSeconds,
    formatsDir: join(path, '..', 'none'),
    onTimerEvent: (_id, dueAt) => out('late', Date.now() - dueAt),
  });
  await service.startScheduler();
  await scores.start(g);
  const channels: string[] = [];
  for (let i = 0; i < count; i++) {
    const started = await service.start(
      { actor: { id: `h${i}`, name: 'Host', isModerator: false }, guildId: `g${i % 50}`, channelId: `c${i}`, motion: `Motion ${i}`, format: 'open-floor', turnSeconds },
      g,
    );
    if (!started.ok) throw new Error(started.message);
    channels.push(started.state.channelId);
    for (const [u, side] of [[`a${i}`, 'for'], [`b${i}`, 'against']]) {
      const joined = await service.act(started.state.channelId, { id: u, name: u, isModerator: false }, { kind: 'join', side });
      if (!joined.ok) throw new Error(joined.message);
    }
  }
  out('created', wall().toFixed(2));

  // Arguments in one debate of five, one every 10 ms or so, from the beginning until the kill: some land
  // just before it. Each is reported once its transaction has committed.
  let k = 0;
  let arguing = true;
  const argue = async () => {
    while (arguing) {
      await sleep(10);
      const i = 5 * Math.floor(Math.random() * Math.ceil(count / 5));
      const state = await service.find(channels[i]);
      if (!('turns' in state) || state.status !== 'running') continue;
      const turn = currentTurn(state);
      if (!turn?.speakerId) continue;
      const key = `arg-${i}-${++k}`;
      const done = await service.act(channels[i], { id: turn.speakerId, name: turn.speakerName ?? turn.speakerId, isModerator: false }, { kind: 'argue', text: `${key}: the bureaucracy grew as the soviets emptied.`, source: 'Serge, Memoirs' });
      if (done.ok) out('arg', state.id, key, (await scores.latestBy(state.id, turn.speakerId))?.verdict ?? 'none');
    }
  };

  // Begin them spread over one turn, so that deadlines fall all the time rather than in one burst.
  const spread = turnSeconds * 1000;
  const arguer = argue();
  await Promise.all(
    channels.map(async (ch, i) => {
      await sleep((i / count) * spread);
      const begun = await service.act(ch, { id: `h${i}`, name: 'Host', isModerator: true }, { kind: 'begin' });
      if (!begun.ok) throw new Error(begun.message);
    }),
  );
  out('begun', wall().toFixed(2));
  await arguer; // until the parent's SIGKILL
  arguing = false;
}

async function resume(path: string, graceSeconds: number): Promise<void> {
  const opened = wall();
  const db = openDatabase(path);
  const g = gateway(true);
  const { debates: service, scores } = services(db, { gateway: g, graceSeconds, formatsDir: join(path, '..', 'none') });
  // What the parent waits for: every debate whose deadline has passed (one indexed query, not a load each).
  const due = db
    .prepare('SELECT d.channel_id AS channel FROM deadlines x JOIN debates d ON d.id = x.debate_id WHERE x.due_at <= ?')
    .all(Date.now()) as { channel: string }[];
  out('opened', (wall() - opened).toFixed(2));
  out('overdue', due.length);
  for (const d of due) out('due', d.channel);
  out('ready', wall().toFixed(2));
  const fired = await service.startScheduler();
  out('fired', fired, wall().toFixed(2));
  const scoring = wall();
  await scores.start(g);
  out('scores', (wall() - scoring).toFixed(2));
  process.once('SIGTERM', () => {
    service.stop();
    scores.stop();
    const waiting = { debates: true, scores: true };
    const slow = setTimeout(() => process.stderr.write(`debate child: still closing after 3 s, waiting for ${JSON.stringify(waiting)}\n`), 3000);
    void Promise.all([service.idle().then(() => (waiting.debates = false)), scores.idle().then(() => (waiting.scores = false))]).then(() => {
      clearTimeout(slow);
      db.close();
      out('closed');
      process.exit(0);
    });
  });
  setInterval(() => undefined, 60_000); // stay up until told
}

const [mode, path, ...rest] = process.argv.slice(2);
if (mode === 'run') await run(path, Number(rest[0]), Number(rest[1]), Number(rest[2]));
else if (mode === 'resume') await resume(path, Number(rest[0]));
else throw new Error(`usage: debate-child.ts run <db> <debates> <turnSeconds> <graceSeconds> | resume <db> <graceSeconds>`);
