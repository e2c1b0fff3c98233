/**
 * Hosts sharing one store follow each other's library changes through the change feed: a text added or removed
 * on one host is searchable (or gone) on another that holds the server, from the first search there after the
 * notice. Two connections to one SQLite file stand in for two hosts; the feed between them is the same
 * interface PostgreSQL's LISTEN/NOTIFY implements (tests/db/change-feed.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { localChangeFeed, type ChangeFeed } from '../../src/db/change-feed.js';
import { LIBRARY_TOPIC, type ServerLibraries } from '../../src/library/service.js';
import { ADA, fileIn, GUILD, LETTERS, setup } from './fixtures.js';

const quoteLuxemburg = { query: 'luxemburg freedom party', limit: 5 };
const found = (l: ServerLibraries) => {
  const r = l.search(GUILD).search(quoteLuxemburg);
  return r.ok && r.results.some((x) => x.speaker === 'Rosa Luxemburg');
};

/** Resolves once `feed` has delivered the next library notice (its listeners are called in order). */
const noticed = (feed: ChangeFeed) =>
  new Promise<void>((resolve) => {
    const stop = feed.subscribe(LIBRARY_TOPIC, () => (stop(), resolve()));
  });

describe('following other hosts\' library changes', () => {
  it('GIVEN a host following the feed and holding the server THEN a text another host adds is found by its first search after the notice, and gone after a removal', async () => {
    const feed = localChangeFeed();
    const s = setup({}, undefined, { feed });
    const other = s.reopen();
    other.follow();
    await other.ready(GUILD);
    expect(found(other)).toBe(false);
    await other.settled(GUILD);

    let heard = noticed(feed);
    const added = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'letters.md', LETTERS) } });
    if (!added.ok) throw new Error(added.error);
    await heard;
    await other.settled(GUILD);
    expect(found(other)).toBe(true);

    heard = noticed(feed);
    await other.settled(GUILD);
    expect((await s.libraries.remove(GUILD, added.text.id, ADA)).ok).toBe(true);
    await heard;
    await other.settled(GUILD);
    expect(found(other)).toBe(false);
  });

  it('GIVEN a host not following THEN its first search after another host\'s add still answers from memory (what following spares)', async () => {
    const feed = localChangeFeed();
    const s = setup({}, undefined, { feed });
    const other = s.reopen();
    await other.ready(GUILD);
    await other.settled(GUILD);
    const heard = noticed(feed);
    await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'letters.md', LETTERS) } });
    await heard;
    await other.settled(GUILD);
    expect(found(other)).toBe(false);
  });
});
