/** Hosts and their shards (migration 9), one body on both engines. */
import { expect, it } from 'vitest';
import { HostConflictError, HostRepository } from '../../src/db/hosts-repo.js';
import { eachEngine } from '../helpers/engines.js';

const LEASE = 10_000;

eachEngine((store) => {
  const hosts = async () => new HostRepository(await store());

  it('GIVEN two hosts with disjoint shards of one total THEN both join and are live', async () => {
    const repo = await hosts();
    await repo.join('a', { ids: [1, 0], count: 4 }, 1_000, LEASE);
    await repo.join('b', { ids: [2, 3], count: 4 }, 1_000, LEASE);
    expect(await repo.live(2_000)).toEqual([
      { name: 'a', ids: [0, 1], count: 4, startedAt: 1_000, leaseUntil: 11_000 },
      { name: 'b', ids: [2, 3], count: 4, startedAt: 1_000, leaseUntil: 11_000 },
    ]);
  });

  it('GIVEN a live host running shard 1 THEN another asking for shard 1 is refused, naming both, and nothing is stored', async () => {
    const repo = await hosts();
    await repo.join('a', { ids: [0, 1], count: 4 }, 1_000, LEASE);
    const refusal = repo.join('b', { ids: [1, 2], count: 4 }, 2_000, LEASE);
    await expect(refusal).rejects.toThrow(HostConflictError);
    await expect(refusal).rejects.toThrow('Host "b" was configured to run shard 1, which host "a" already runs');
    expect((await repo.live(2_000)).map((h) => h.name)).toEqual(['a']);
  });

  it('GIVEN a live host counting 4 shards THEN one counting 2 is refused even with other shard ids', async () => {
    const repo = await hosts();
    await repo.join('a', { ids: [0], count: 4 }, 1_000, LEASE);
    await expect(repo.join('b', { ids: [1], count: 2 }, 1_000, LEASE)).rejects.toThrow('for 2 shards in all, but host "a" runs 4');
  });

  it('GIVEN a host that died holding shard 0 THEN its shards are refused to another until its lease ends, then given', async () => {
    const repo = await hosts();
    await repo.join('a', { ids: [0], count: 2 }, 1_000, LEASE);
    await expect(repo.join('b', { ids: [0], count: 2 }, 10_999, LEASE)).rejects.toThrow(/wait 1 s/);
    await repo.join('b', { ids: [0], count: 2 }, 11_000, LEASE);
    expect((await repo.live(11_000)).map((h) => h.name)).toEqual(['b']);
  });

  it('GIVEN a host restarting under its own name THEN it takes its row back at once; renewing keeps it live; leaving frees its shards', async () => {
    const repo = await hosts();
    await repo.join('a', { ids: [0], count: 2 }, 1_000, LEASE);
    await repo.join('a', { ids: [0], count: 2 }, 3_000, LEASE);
    expect(await repo.renew('a', 12_000, LEASE)).toBe(true);
    expect((await repo.live(20_000)).map((h) => h.leaseUntil)).toEqual([22_000]);
    await repo.leave('a');
    expect(await repo.renew('a', 13_000, LEASE)).toBe(false);
    await repo.join('b', { ids: [0], count: 2 }, 13_000, LEASE);
  });

  it('GIVEN two hosts joining with the same shard at the same moment THEN exactly one is refused', async () => {
    const repo = await hosts();
    const results = await Promise.allSettled([
      repo.join('a', { ids: [0], count: 1 }, 1_000, LEASE),
      repo.join('b', { ids: [0], count: 1 }, 1_000, LEASE),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await repo.live(1_000)).toHaveLength(1);
  });
});
