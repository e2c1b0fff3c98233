import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { actingAs, allows, bitsFor, refusalFor, WHO_MAY, type Action, type Permission, type Rule } from '../../src/seam/permissions.js';
import { projectRoot } from '../../src/app/paths.js';

const BIT: Record<Permission, bigint> = {
  'Manage Threads': PermissionFlagsBits.ManageThreads,
  'Manage Messages': PermissionFlagsBits.ManageMessages,
  'View Channel': PermissionFlagsBits.ViewChannel,
  'Read Message History': PermissionFlagsBits.ReadMessageHistory,
  'Manage Server': PermissionFlagsBits.ManageGuild,
};
const rules = Object.entries(WHO_MAY) as [Action, Rule][];
const guarded = rules.filter(([, r]) => r.needs.length > 0);
const open = rules.filter(([, r]) => r.needs.length === 0);
const all = (needs: readonly Permission[]) => needs.reduce((b, p) => b | BIT[p], 0n);
/** Every permission bit but those named. */
const allBut = (...missing: Permission[]) => ((1n << 50n) - 1n) & ~PermissionFlagsBits.Administrator & ~all(missing);

describe('the one table of who may do what', () => {
  it.each(guarded)('GIVEN %s THEN allowed with its permission, refused without any one of it, and its refusal names each', (action, rule) => {
    expect(allows(action, all(rule.needs))).toBe(true);
    for (const p of rule.needs) {
      expect(allows(action, allBut(p)), `${action} without ${p}`).toBe(false);
      expect(refusalFor(action)).toContain(p);
    }
    expect(allows(action, 0n)).toBe(false);
    expect(allows(action, null)).toBe(false);
  });

  it.each(open)('GIVEN %s THEN open to everyone, and it grants no moderator powers', (action) => {
    expect(allows(action, 0n)).toBe(true);
    expect(actingAs({ id: 'u', name: 'u', isModerator: true, permissions: allBut() }, action).isModerator).toBe(false);
  });

  it('GIVEN Manage Threads only THEN /verdict override is refused (it needs Manage Messages); Manage Messages only THEN /debate end is refused', () => {
    const threadsOnly = { id: 'u', name: 'u', isModerator: false, permissions: PermissionFlagsBits.ManageThreads };
    const messagesOnly = { id: 'u', name: 'u', isModerator: false, permissions: PermissionFlagsBits.ManageMessages };
    expect(actingAs(threadsOnly, '/verdict override').isModerator).toBe(false);
    expect(actingAs(threadsOnly, '/debate end').isModerator).toBe(true);
    expect(actingAs(messagesOnly, '/verdict override').isModerator).toBe(true);
    expect(actingAs(messagesOnly, '/debate end').isModerator).toBe(false);
  });

  it('GIVEN an Administrator THEN every action; GIVEN the console (no permissions known) THEN its host\'s standing decides', () => {
    for (const [action] of guarded) expect(allows(action, PermissionFlagsBits.Administrator)).toBe(true);
    expect(actingAs({ id: 'c', name: 'you', isModerator: true }, '/verdict override').isModerator).toBe(true);
    expect(actingAs({ id: 'c', name: 'bob', isModerator: false }, '/verdict override').isModerator).toBe(false);
  });

  it('GIVEN /verdict THEN its default member permissions are the table\'s', async () => {
    const verdict = await import('../../commands/verdict.js');
    expect(verdict.data.toJSON().default_member_permissions).toBe(String(bitsFor('/verdict override')));
    expect(bitsFor('/verdict override')).toBe(PermissionFlagsBits.ManageMessages);
  });

  it('GIVEN the README THEN its table of who may do what is this table, row for row', () => {
    const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
    const start = readme.indexOf('| Command or action | Who may | Discord permission needed |');
    expect(start).toBeGreaterThan(-1);
    const lines = readme.slice(start).split('\n');
    const end = lines.findIndex((l, i) => i >= 2 && !l.startsWith('|'));
    const table = lines.slice(2, end).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(table.map(([action]) => action!.replace(/`/g, ''))).toEqual(rules.map(([a]) => a));
    for (const [action, who, needs] of table) {
      const rule = WHO_MAY[action!.replace(/`/g, '') as Action] as Rule;
      expect(who).toBe(rule.who);
      expect(needs).toBe(rule.needs.length ? `${rule.needs.join(' + ')} (in ${rule.where})` : '—');
    }
  });
});
