import { describe, expect, it } from 'vitest';
import { place, startConsole } from './session.js';

describe('a decided debate in the console', () => {
  it('GIVEN a judge named by name THEN the ballot is a sequence of prompted fields, and the result is posted', async () => {
    const at = place();
    const c = await startConsole(at);
    await c.type('/debate start motion:"Trotsky would have industrialised faster" format:lincoln-douglas turn_seconds:60', /Debate opened in #(thread-\w+)/);
    await c.type('@alice /press 1', /You joined Affirmative\./);
    await c.type('@bob /press 2', /You joined Negative\./);
    // A typed user: names a member as Discord's id would: @Alice is the debater alice, so she cannot judge.
    expect(await c.type('/debate judge user:@Alice', /cannot be a debater/)).toMatch(/alice is debating in it: a judge cannot be a debater/);
    const named = await c.type('/debate judge user:jude', /is a judge of this debate/);
    expect(named).toMatch(/@jude is a judge of this debate/);
    // …and jude, named by name, is the member who types as @jude.
    expect(await c.type('@jude /debate join', /judge/)).toMatch(/You are a judge of this debate: a judge cannot join a side/);
    await c.type('/debate begin', /Turn 1/);
    for (let i = 0; i < 7; i++) await c.type('/debate next', i < 6 ? /Turn \d+ closed/ : /The debate has ended/);
    // The ballot button, pressed by the judge: each field asked in turn, the speakers' lines filled in already.
    expect(await c.type('@jude /press 1', /Winner \(field 1 of 3/)).toMatch(/\[form for @jude\] Ballot: /);
    expect(await c.type('@jude Affirmative', /Speaker scores/)).toContain('now “alice (Affirmative): \\nbob (Negative): ”');
    await c.type('@jude alice (Affirmative): 77\\nbob (Negative): 74', /Reason for your decision/);
    const sent = await c.type('@jude alice answered the famine figures', /The result is in/);
    expect(sent).toMatch(/\(only @jude can see this\)\nYour ballot is in: Affirmative first, 2 speaker scores\. Thank you\./);
    expect(sent).toMatch(/Decision\W+\*?\*?Affirmative\*?\*? wins on the judges' decision \(1–0\)/);
    expect(await c.type('/rating user:@ALICE', /Rating: alice/)).toMatch(/Wins: 1 · Losses: 0/);
    await c.end();
  });
});
