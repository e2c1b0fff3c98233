/**
 * /debate start|join|leave|begin|next|pause|resume|extend|poi|status|challenge|end|formats|judge —
 * structured debates (challenge: "citation needed", run by the score in src/score), and how they are decided: the
 * audience's vote buttons, judges and their ballots (a form). The debate service decides and posts to the
 * debate's thread; this file reads options and renders replies.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { AutocompleteContext, Choice, CommandContext, ComponentContext } from '../src/seam/command.js';
import type { Actor, Reply } from '../src/seam/reply.js';
import { isController, type DebateAction } from '../src/core/debate/debate.js';
import { MAX_TURN_SECONDS, MIN_TURN_SECONDS } from '../src/core/debate/formats.js';
import { formatDuration, sideName, type DebateEvent, type DebateState, type Outcome } from '../src/core/debate/state.js';
import type { VoteRoundName } from '../src/core/debate/vote.js';
import { MAX_VOTE_MINUTES } from '../src/core/debate/decision.js';
import { voteConfirmation } from '../src/views/decision.js';
import type { DebateService } from '../src/debate/service.js';
import { record, statusEmbed } from '../src/views/debate.js';
import { challengeArgument } from '../src/score/commands.js';
import { LIMIT, safeLine, safeMessage } from '../src/views/safe.js';
import { actingAs, refusalFor, type Action } from '../src/seam/permissions.js';
import { checkChannel, debateById, debateHere, isRefusal } from '../src/seam/boundaries.js';
import { optionsOf } from '../src/seam/options.js';

export const data = new SlashCommandBuilder()
  .setName('debate')
  .setDescription('Run a structured debate: motion, sides, timed turns')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('start')
      .setDescription('Open a debate on a motion in a new thread')
      .addStringOption((o) => o.setName('motion').setDescription('The statement to debate (at most 300 characters)').setRequired(true))
      .addStringOption((o) => o.setName('format').setDescription('Oxford (default), Lincoln–Douglas, British Parliamentary, open floor or a custom one').setAutocomplete(true))
      .addStringOption((o) => o.setName('sides').setDescription('Names for the sides, separated by commas (Trotsky, Stalin)'))
      .addIntegerOption((o) => o.setName('turn_seconds').setDescription('Length of every turn in seconds').setMinValue(MIN_TURN_SECONDS).setMaxValue(MAX_TURN_SECONDS))
      .addIntegerOption((o) => o.setName('vote_minutes').setDescription('How long the audience votes after the debate (5 minutes if left out)').setMinValue(1).setMaxValue(MAX_VOTE_MINUTES))
      .addIntegerOption((o) =>
        o.setName('vote_before_minutes').setDescription('Longest the audience votes before the debate (until the first speech if left out)').setMinValue(1).setMaxValue(MAX_VOTE_MINUTES),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('join')
      .setDescription('Join a side of the debate here')
      .addStringOption((o) => o.setName('side').setDescription('The side to join (the emptiest one if left out)').setAutocomplete(true)),
  )
  .addSubcommand((s) => s.setName('leave').setDescription('Leave the debate here'))
  .addSubcommand((s) => s.setName('begin').setDescription('Start the first turn (host or moderator)'))
  .addSubcommand((s) => s.setName('next').setDescription('End the current turn now (host, moderator or the speaker)'))
  .addSubcommand((s) => s.setName('pause').setDescription('Stop the clock (host or moderator)'))
  .addSubcommand((s) => s.setName('resume').setDescription('Restart the clock (host or moderator)'))
  .addSubcommand((s) =>
    s
      .setName('extend')
      .setDescription('Add time to the current turn (host or moderator)')
      .addIntegerOption((o) => o.setName('seconds').setDescription('Seconds to add').setRequired(true).setMinValue(1).setMaxValue(MAX_TURN_SECONDS)),
  )
  .addSubcommand((s) => s.setName('poi').setDescription('Offer the speaker a point of information'))
  .addSubcommand((s) => s.setName('status').setDescription('Motion, sides, speaker and time left'))
  .addSubcommand((s) =>
    s
      .setName('challenge')
      .setDescription('Citation needed: its author must add a source in time, or it is scored unsourced')
      .addStringOption((o) => o.setName('argument').setDescription('The argument: its number (#12), message link or message id').setRequired(true).setMaxLength(200)),
  )
  .addSubcommand((s) => s.setName('end').setDescription('Close the debate and post its record (host or moderator)'))
  .addSubcommand((s) => s.setName('formats').setDescription('List the debate formats on offer'))
  .addSubcommand((s) =>
    s
      .setName('judge')
      .setDescription('Name a judge, or remove one, before the debate ends (host or moderator)')
      .addUserOption((o) => o.setName('user').setDescription('The judge (not a debater)').setRequired(true))
      .addStringOption((o) =>
        o.setName('action').setDescription('Add (default) or remove').addChoices({ name: 'add', value: 'add' }, { name: 'remove', value: 'remove' }),
      ),
  );

// A refusal may echo a side or a name as typed: it goes out through the one safe-text path.
const refusal = (message: string): Reply => ({ ephemeral: true, content: safeMessage(message) });

/** A side's name, safe to show. */
const side = (state: DebateState, sideId: string): string => safeLine(sideName(state, sideId), LIMIT.name);

/** A short confirmation of what an action did, shown to whoever ran it. */
function confirmation(state: DebateState, events: readonly DebateEvent[]): string {
  const lines: string[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'joined': lines.push(`You joined ${side(state, e.sideId)}.`); break;
      case 'left': lines.push(`You left ${side(state, e.sideId)}.`); break;
      case 'turn-ended': lines.push(`Turn ${e.index + 1} closed after ${formatDuration(e.usedMs)}${e.overrunMs > 0 ? ` (${formatDuration(e.overrunMs)} over)` : ''}.`); break;
      case 'turn-started': lines.push(`Turn ${e.index + 1}: ${state.turns[e.index].role}, ${safeLine(e.speakerName, LIMIT.name)} speaking.`); break;
      case 'paused': lines.push(`Paused with ${formatDuration(e.remainingMs)} left.`); break;
      case 'resumed': lines.push('Resumed.'); break;
      case 'extended': lines.push(`Added ${e.seconds} s to the turn.`); break;
      case 'poi-requested': lines.push('Your point of information is offered; the speaker will accept or decline it.'); break;
      case 'poi-answered': lines.push(`You ${e.accepted ? 'accepted' : 'declined'} ${safeLine(e.requesterName, LIMIT.name)}'s point of information.`); break;
      case 'ended': lines.push('The debate has ended; its record is posted in the thread.'); break;
      default: break;
    }
  }
  return lines.join(' ') || 'Done.';
}

function answer(out: Outcome): Reply {
  return out.ok ? { ephemeral: true, content: confirmation(out.state, out.events) } : refusal(out.message);
}

async function start(ctx: CommandContext, debates: DebateService): Promise<Reply> {
  const elsewhere = await checkChannel(ctx, ctx.channelId);
  if (elsewhere) return elsewhere;
  const o = optionsOf(data, ctx);
  const out = await debates.start(
    {
      actor: ctx.actor,
      guildId: ctx.guildId,
      channelId: ctx.channelId,
      motion: o.requiredString('motion'),
      format: o.string('format'),
      sides: o.string('sides'),
      turnSeconds: o.integer('turn_seconds'),
      voteMinutes: o.integer('vote_minutes'),
      voteBeforeMinutes: o.integer('vote_before_minutes'),
    },
    ctx.channels,
  );
  if (!out.ok) return refusal(out.message);
  const where = out.state.channelId === ctx.channelId ? 'here' : `in <#${out.state.channelId}>`;
  return {
    content: `Debate opened ${where} (${out.state.formatName}): “${safeLine(out.state.motion, 300)}”. Join a side there, then the host runs /debate begin.`,
  };
}

function listFormats(debates: DebateService): Reply {
  const lines = debates.formats().map((f) => `• **${f.name}** (\`${f.id}\`): ${f.description} ${f.sides.map((s) => s.name).join(' / ')}, ${f.turns.length} turns.`);
  const broken = debates.formatErrors.length > 0 ? `\n\n${debates.formatErrors.length} custom format file(s) were left out; the log says why.` : '';
  return { ephemeral: true, content: `${lines.join('\n')}${broken}` };
}

const ACTIONS: Record<string, (ctx: CommandContext) => DebateAction | string> = {
  join: (ctx) => ({ kind: 'join', side: optionsOf(data, ctx).string('side') }),
  leave: () => ({ kind: 'leave' }),
  begin: () => ({ kind: 'begin' }),
  next: () => ({ kind: 'next' }),
  pause: () => ({ kind: 'pause' }),
  resume: () => ({ kind: 'resume' }),
  extend: (ctx) => {
    const seconds = optionsOf(data, ctx).integer('seconds');
    return seconds === undefined ? 'Say how many seconds to add: /debate extend seconds:60.' : { kind: 'extend', seconds };
  },
  poi: () => ({ kind: 'poi' }),
};

/** Who may: the table's row for each subcommand (join, leave and poi are open to every debater). */
const RULE: Record<string, Action> = {
  begin: '/debate begin',
  next: '/debate next',
  pause: '/debate pause',
  resume: '/debate resume',
  extend: '/debate extend',
  end: '/debate end',
  judge: '/debate judge',
};
const OPEN: Action = '/debate start, join, leave, poi, status, formats';

/** The core refuses a non-controller in its own words; the table's refusal names the permission. */
function answerFor(out: Outcome, rule: Action): Reply {
  return !out.ok && out.code === 'not-controller' ? refusal(refusalFor(rule)) : answer(out);
}

export async function execute(ctx: CommandContext): Promise<Reply> {
  const debates = ctx.services.debates;
  if (ctx.guildId === null) return refusal('Debates run in a server channel, not in direct messages.');
  const sub = ctx.subcommand ?? '';
  if (sub === 'start') return start(ctx, debates);
  if (sub === 'formats') return listFormats(debates);
  if (sub === 'challenge') return challengeArgument(ctx, optionsOf(data, ctx).requiredString('argument'));
  if (sub === 'status') {
    const state = await debateHere(ctx);
    if (isRefusal(state)) return state;
    return { ephemeral: true, embeds: [statusEmbed(state, ctx.services.now(), await debates.postingHalted(state.id))] };
  }
  if (sub === 'end') return askToEnd(ctx);
  if (sub === 'judge') return judges(ctx);
  const make = ACTIONS[sub];
  if (!make) return refusal(`Unknown subcommand "${safeLine(sub, LIMIT.echo)}". Try /debate status or /debate formats.`);
  const action = make(ctx);
  if (typeof action === 'string') return refusal(action);
  const here = await debateHere(ctx);
  if (isRefusal(here)) return here;
  const rule = RULE[sub] ?? OPEN;
  return answerFor(await debates.actOn(here.id, actingAs(ctx.actor, rule), action, ctx.channels), rule);
}

/** /debate end asks first: ending stops every turn for good, so one click too many must not do it. */
async function askToEnd(ctx: CommandContext): Promise<Reply> {
  const here = await debateHere(ctx);
  if (isRefusal(here)) return here;
  if (!isController(here, actingAs(ctx.actor, RULE.end))) return refusal(refusalFor(RULE.end));
  return {
    ephemeral: true,
    content: `End the debate “${safeLine(here.motion, 200)}” now? Its turns stop and its record is posted in the thread.`,
    buttons: [[
      { customId: `debate:end:${here.id}:confirm`, label: 'End the debate', style: 'danger' },
      { customId: `debate:end:${here.id}:keep`, label: 'Keep debating', style: 'secondary' },
    ]],
  };
}

/** Ends the debate (the confirmation's button): the record goes to the thread, and to whoever ended it when elsewhere. */
async function endDebate(ctx: ComponentContext, id: number): Promise<Reply> {
  const debates = ctx.services.debates;
  const out = await debates.actOn(id, actingAs(ctx.actor, RULE.end), { kind: 'end' }, ctx.channels);
  if (!out.ok) return answerFor(out, RULE.end);
  const inThread = out.state.channelId === ctx.channelId;
  if (inThread) return answer(out);
  const ended = out.state.id;
  return { ...record(out.state, await debates.arguments(ended), await debates.marks(ended), await debates.decisions.decision(ended)), ephemeral: true };
}

/** The member a user option names (Discord and the console send their id): a debater by their name, anyone else by mention. */
function member(state: DebateState, id: string): { id: string; name: string } {
  const debater = state.participants.find((p) => p.userId === id);
  return { id, name: debater?.name ?? `<@${id}>` };
}

/** /debate judge user: [action: add|remove] — the host or a moderator, before the debate ends; judges are not debaters. */
async function judges(ctx: CommandContext): Promise<Reply> {
  const here = await debateHere(ctx);
  if (isRefusal(here)) return here;
  if (!isController(here, actingAs(ctx.actor, RULE.judge))) return refusal(refusalFor(RULE.judge));
  const o = optionsOf(data, ctx);
  const value = o.user('user');
  if (!value) return refusal('Name the judge: /debate judge user:@someone.');
  const action = o.string('action') ?? 'add';
  if (action !== 'add' && action !== 'remove') return refusal('Choose an action: add or remove.');
  const adding = action === 'add';
  const who = member(here, value);
  const decisions = ctx.services.debates.decisions;
  const out = adding ? await decisions.addJudge(here.id, who) : await decisions.removeJudge(here.id, who.id);
  if (!out.ok) return refusal(out.message);
  return { ephemeral: true, content: adding ? `<@${who.id}> is a judge of this debate: they get a ballot when it ends.` : `<@${who.id}> no longer judges this debate.` };
}

const VOTE_ROUNDS = new Set(['before', 'after']);

/** debate:vote:<debateId>:<round>:<choice> — the audience's vote; the voter alone is told, never the totals. */
async function vote(ctx: ComponentContext, state: DebateState, round: string | undefined, choice: string | undefined): Promise<Reply> {
  if (!round || !VOTE_ROUNDS.has(round) || !choice) return refusal('That button no longer works. Use /debate status to see the debate.');
  const out = await ctx.services.debates.decisions.vote(state, ctx.actor, round as VoteRoundName, choice);
  if (!out.ok) return refusal(out.message);
  return { ephemeral: true, content: voteConfirmation(state, round as VoteRoundName, choice, out.was) };
}

/** debate:ballot:<debateId> opens the ballot form; debate:ballot-form:<debateId> is its submission. */
async function ballot(ctx: ComponentContext, state: DebateState, submitted: boolean): Promise<Reply> {
  const decisions = ctx.services.debates.decisions;
  if (!submitted) {
    const form = await decisions.ballotForm(state.id, ctx.actor);
    return 'ok' in form ? refusal(form.message) : { form };
  }
  const out = await decisions.submitBallot(state.id, ctx.actor, ctx.fields ?? {});
  if (!out.ok) return refusal(out.message);
  const n = out.ballot.scores.length;
  return { ephemeral: true, content: `Your ballot is in: ${side(out.state, out.ballot.ranking[0])} first, ${n} speaker score${n === 1 ? '' : 's'}. Thank you.` };
}

/**
 * Buttons: debate:join:<debateId>:<sideId>, debate:poi:<debateId>:accept|decline, debate:end:<debateId>:confirm|keep,
 * debate:vote:<debateId>:<round>:<choice>, debate:ballot:<debateId>; the ballot form: debate:ballot-form:<debateId>.
 */
export async function component(ctx: ComponentContext): Promise<Reply> {
  const debates = ctx.services.debates;
  const [action, idArg, arg] = ctx.args;
  const id = Number(idArg);
  if (!Number.isInteger(id)) return refusal('That button no longer works. Use /debate status to see the debate.');
  if (action === 'vote' || action === 'ballot' || action === 'ballot-form') {
    const state = await debateById(ctx, id);
    if (isRefusal(state)) return action === 'ballot-form' ? refusal('That debate no longer exists, so your ballot was not counted.') : state;
    return action === 'vote' ? vote(ctx, state, arg, ctx.args[3]) : ballot(ctx, state, action === 'ballot-form');
  }
  if (action === 'end' && (arg === 'confirm' || arg === 'keep')) {
    const state = await debateById(ctx, id);
    if (isRefusal(state)) return state;
    return arg === 'keep' ? refusal('The debate goes on.') : endDebate(ctx, state.id);
  }
  let act: DebateAction;
  if (action === 'join') act = { kind: 'join', side: arg };
  else if (action === 'poi' && (arg === 'accept' || arg === 'decline')) act = { kind: 'poi-answer', accept: arg === 'accept' };
  else return refusal('That button no longer works. Use /debate status to see the debate.');
  const state = await debateById(ctx, id);
  if (isRefusal(state)) return state;
  return answer(await debates.actOn(state.id, actingAs(ctx.actor as Actor, OPEN), act, ctx.channels));
}

export async function autocomplete(ctx: AutocompleteContext): Promise<Choice[]> {
  const debates = ctx.services.debates;
  const typed = ctx.focused.value.toLowerCase();
  if (ctx.focused.name === 'format') {
    return debates
      .formats()
      .filter((f) => f.id.includes(typed) || f.name.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((f) => ({ name: f.name, value: f.id }));
  }
  if (ctx.focused.name === 'side') {
    const state = await debateHere(ctx);
    if (isRefusal(state)) return [];
    return state.sides.filter((s) => s.name.toLowerCase().includes(typed)).map((s) => ({ name: s.name, value: s.id }));
  }
  return [];
}
