/**
 * The bot side of the decided-debates timer benchmark (tools/bench/debates.ts spawns it; not run by hand). One
 * line per fact on standard output, tab-separated:
 *
 *   node --import tsx tools/bench/decided-child.ts <dir> <debates> <turnSeconds> <graceSeconds> <spreadSeconds>
 *     opens a WAL database in <dir> and runs <debates> debates at once through the DebateService, in a format
 *     decided by both the audience and judges (four turns, one debater a side, two judges each): audience votes
 *     before each begins; the begins spread over <spreadSeconds>, so that debates still speaking overlap with
 *     others whose vote after and ballots are open; a crowd votes all the while (five votes every few
 *     milliseconds on debates picked at random, stored where their vote is open); one judge of each sends a ballot a second after the end, the other
 *     never does, so every debate's ballot deadline (and its reminder) fires. Prints `late <ms>` per turn event
 *     (lateness against its deadline), `dlate <ms>` per vote or ballot deadline, `created`, then `done <json>`
 *     once every debate is decided (counts of votes, ballots and decisions, for the parent to check).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { ChannelGateway, Reply } from '../../src/seam/reply.js';
import type { DebateState } from '../../src/core/debate/state.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { openDatabase } from '../../src/db/open.js';
import { createDebateService } from '../../src/debate/service.js';

const out = (...fields: (string | number)[]) => process.stdout.write(`${fields.join('\t')}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = pino({ level: 'silent' });

/** A gateway answering like a fast network: each call resolves on a later turn of the event loop. */
function gateway(): ChannelGateway {
  let n = 0;
  const later = () => new Promise((r) => setImmediate(r));
  return {
    createThread: async (channelId: string) => `t-${channelId}`,
    post: async (_channelId: string, _reply: Reply) => {
      await later();
      return `m${++n}`;
    },
    edit: async () => {
      await later();
    },
  } as ChannelGateway;
}

/** Four speeches, decided by the judges' ballots (the audience's swing when they give none). */
const FORMAT = {
  id: 'bench-decided',
  name: 'Bench decided',
  decidedBy: 'both',
  sides: [{ id: 'yes', name: 'Yes', capacity: 1 }, { id: 'no', name: 'No', capacity: 1 }],
  turns: [
    { side: 'yes', role: 'Case for', seconds: 60 },
    { side: 'no', role: 'Case against', seconds: 60 },
    { side: 'no', role: 'Reply against', seconds: 60 },
    { side: 'yes', role: 'Reply for', seconds: 60 },
  ],
};

async function run(dir: string, count: number, turnSeconds: number, graceSeconds: number, spreadSeconds: number): Promise<void> {
  const formats = join(dir, 'formats');
  mkdirSync(formats, { recursive: true });
  writeFileSync(join(formats, 'bench-decided.json'), JSON.stringify(FORMAT));
  const g = gateway();
  const service = createDebateService({
    sql: sqliteSql(openDatabase(join(dir, 'bench.sqlite'))),
    now: Date.now,
    log,
    gateway: g,
    graceSeconds,
    formatsDir: formats,
    afterVoteSeconds: 6,
    ballotSeconds: 6,
    onTimerEvent: (_id, dueAt) => out('late', Date.now() - dueAt),
    onDecisionDeadline: (_id, dueAt) => out('dlate', Date.now() - dueAt),
  });
  if (service.formatErrors.length) throw new Error(service.formatErrors.join('\n'));
  await service.startScheduler();
  const decisions = service.decisions;
  const ids: number[] = [];
  const actor = (id: string, isModerator = false) => ({ id, name: id, isModerator });
  for (let i = 0; i < count; i++) {
    const started = await service.start({ actor: actor(`h${i}`), guildId: `g${i % 50}`, channelId: `c${i}`, motion: `Motion ${i}`, format: FORMAT.id, turnSeconds }, g);
    if (!started.ok) throw new Error(started.message);
    const id = started.state.id;
    ids.push(id);
    for (const [u, side] of [[`a${i}`, 'yes'], [`b${i}`, 'no']]) {
      const joined = await service.act(started.state.channelId, actor(u), { kind: 'join', side });
      if (!joined.ok) throw new Error(joined.message);
    }
    for (const j of [`j${i}`, `k${i}`]) {
      const named = await decisions.addJudge(id, { id: j, name: j });
      if (!named.ok) throw new Error(named.message);
    }
  }
  await service.idle();
  out('created');

  // The crowd: five votes every few milliseconds on debates picked at random; refused where the vote is closed.
  let votes = 0;
  let refused = 0;
  let crowd = true;
  const voting = (async () => {
    let v = 0;
    while (crowd) {
      await sleep(5);
      for (let k = 0; k < 5; k++) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        const state = (await service.repo.load(id)) as DebateState;
        const round = state.status === 'ended' ? 'after' : 'before';
        const choice = ['yes', 'no', 'undecided'][v % 3];
        const r = await decisions.vote(state, actor(`v${++v % 5000}`), round, choice);
        if (r.ok) votes++;
        else refused++;
      }
    }
  })();

  // One judge a debate sends a ballot a second after its end; the other is overdue.
  let ballots = 0;
  const judged = new Set<number>();
  const judging = (async () => {
    while (crowd) {
      await sleep(200);
      for (const [i, id] of ids.entries()) {
        if (judged.has(id)) continue;
        const d = await decisions.decision(id);
        if (d?.ballotsOpenedAt == null || Date.now() < d.ballotsOpenedAt + 1000) continue;
        judged.add(id);
        const sent = await decisions.submitBallot(id, actor(`j${i}`), { winner: 'Yes', scores: `a${i} (Yes): 76\nb${i} (No): 74`, reason: 'Yes answered the figures.' });
        if (sent.ok) ballots++;
      }
    }
  })();

  // Begin them spread over `spreadSeconds`: early debates end (votes after, ballots, deadlines) while later ones speak.
  await Promise.all(
    ids.map(async (id, i) => {
      await sleep((i / count) * spreadSeconds * 1000);
      const begun = await service.actOn(id, actor(`h${i}`, true), { kind: 'begin' }, undefined, { awaitPosts: false });
      if (!begun.ok) throw new Error(begun.message);
    }),
  );
  for (;;) {
    await sleep(200);
    const states = await Promise.all(ids.map((id) => decisions.decision(id)));
    if (states.every((d) => d?.decidedAt != null)) break;
  }
  crowd = false;
  await Promise.all([voting, judging]);
  const decided = (await Promise.all(ids.map((id) => decisions.decision(id)))).map((d) => d!.result!);
  out('done', JSON.stringify({
    votes,
    refused,
    ballots,
    decided: decided.length,
    won: decided.filter((r) => r.winner !== null).length,
    byJudges: decided.filter((r) => r.by === 'judges').length,
    overdue: decided.filter((r) => r.judges?.overdue.length === 1).length,
  }));
  service.stop();
  await service.idle();
  process.exit(0);
}

const [dir, ...rest] = process.argv.slice(2);
if (!dir || rest.length < 4) throw new Error('usage: decided-child.ts <dir> <debates> <turnSeconds> <graceSeconds> <spreadSeconds>');
await run(dir, Number(rest[0]), Number(rest[1]), Number(rest[2]), Number(rest[3]));
