/**
 * An argument as the score sees it, and what is stored of its check, rulings and challenge. The repository
 * (src/db/scores-repo.ts) returns these; views and services read them.
 */
import type { CheckedQuotation, CheckMatch, Verdict } from '../check/checker.js';
import type { Tally } from './tally.js';
import type { ChallengeStatus } from './verdict.js';

/** An argument as the score sees it: where it was made, by whom, and its verdict with what the check found. */
export interface ScoredArgument {
  id: number;
  /** Its number in its debate: #1, #2 … */
  number: number;
  debateId: number;
  debateStatus: string;
  guildId: string | null;
  /** The debate's thread or channel. */
  debateChannelId: string;
  /** The post that made it (thread posts only). */
  channelId: string | null;
  messageId: string | null;
  /** The bot's message announcing it, edited as its verdict changes. */
  announcementId: string | null;
  userId: string;
  userName: string;
  sideId: string;
  sideName: string;
  /** The turn it was made in ("Opening"). */
  role: string | null;
  text: string;
  source: string | null;
  createdAt: number;
  /** Null until checked. */
  checkedVerdict: Verdict | null;
  /** The verdict that counts, as stored (null until checked). */
  verdict: Verdict | null;
  quotationId: string | null;
  matches: CheckMatch[];
  links: string[];
  references: string[];
  quotations: CheckedQuotation[];
  nearest: CheckMatch[];
  unsafeLinks: string[];
  refused: 'empty' | 'too-long' | null;
  /** It quotes words the corpus holds nothing near: neither confirmed nor accused. */
  notInCorpus: boolean;
  /** Why an accusation was made (or what a paraphrase paraphrases). */
  explanation: string | null;
  /** The corpus quotation it paraphrases (then cited). */
  paraphraseOf: string | null;
  override: { verdict: Verdict; byId: string; byName: string; reason: string; at: number } | null;
  removedAt: number | null;
  /** The earlier argument (id) this one repeats: then it is not counted. */
  duplicateOf: number | null;
  /** That earlier argument's number in the debate. */
  duplicateOfNumber: number | null;
  challenge: Challenge | null;
}

export interface Challenge {
  argumentId: number;
  guildId: string | null;
  channelId: string;
  challengerId: string;
  challengerName: string;
  challengedAt: number;
  dueAt: number;
  status: ChallengeStatus;
  resolvedAt: number | null;
}

export interface CheckRecord {
  verdict: Verdict;
  quotationId: string | null;
  matches: CheckMatch[];
  links: string[];
  references: string[];
  quotations?: CheckedQuotation[];
  nearest?: CheckMatch[];
  unsafeLinks?: string[];
  refused?: 'empty' | 'too-long' | null;
  notInCorpus?: boolean;
  explanation?: string | null;
  paraphraseOf?: string | null;
  at: number;
}

export interface OverrideRecord {
  verdict: Verdict;
  byId: string;
  byName: string;
  reason: string;
  at: number;
}

/** One argument's marks for the debate record and transcript. */
export interface ArgumentMark {
  number: number;
  /** The verdict that counts, as stored. */
  verdict: Verdict;
  removed: boolean;
  /** Repeats an earlier argument: not counted again. */
  duplicate: boolean;
  duplicateOfNumber: number | null;
  overridden: boolean;
  challenge: ChallengeStatus | null;
  notInCorpus: boolean;
  explanation: string | null;
  paraphraseOf: string | null;
}

export interface Standing {
  userId: string;
  name: string;
  tally: Tally;
}
