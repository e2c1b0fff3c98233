import { describe, expect, it } from 'vitest';
import { readHtml } from '../../../../src/core/corpus/layout/html.js';
import { parseLaidOut } from '../../../../src/core/corpus/parse.js';

const THREAD = `<html><head><title>Would a salt toll be fair? | Marsh Forums</title></head><body>
<h1 class="p-title-value">Would a salt toll be fair?</h1>
<article class="message" data-author="Quillfeather"><div class="message-userDetails"><h4>Quillfeather</h4><h5 class="userTitle">Donor</h5></div>
<div class="message-body"><div class="bbWrapper">The salt wardens would have kept the roads open, I am sure of it.<br/>Nobody believes the toll was needed.</div></div>
<aside class="message-signature">Quill's signature line about marsh birds</aside><div class="reactionsBar">Likes: 3</div></article>
<article class="message" data-author="Brannoc"><div class="message-body"><div class="bbWrapper">
<blockquote class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote" data-quote="Quillfeather" data-source="post: 1"><div class="bbCodeBlock-title">Quillfeather said:</div><div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent">The salt wardens would have kept the roads open, I am sure of it.</div><div class="bbCodeBlock-expandLink">Click to expand...</div></div></blockquote>
I doubt it very much, the wardens were never that generous to travellers.
<blockquote class="bbCodeBlock bbCodeBlock--quote" data-quote="Oda Venn"><div class="bbCodeBlock-title">Oda Venn said:</div><div class="bbCodeBlock-content">Every toll shall be written in the book of the wardens.</div></blockquote>
</div></div><div class="message-lastEdit">Last edited: Jan 2, 2020</div></article></body></html>`;

describe('GIVEN a forum thread saved from the browser', () => {
  const laid = readHtml(THREAD, 'utf-8');
  const doc = parseLaidOut({ id: 'toll', title: laid.found.title!, author: null, kind: laid.found.kind ?? 'article', publication: null, date: null }, laid);

  it('THEN it is read as a thread: one passage per post, under its poster', () => {
    expect(laid.found.kind).toBe('forum');
    expect(doc.passages.map((p) => [p.location, p.speaker])).toEqual([['post 1', 'Quillfeather'], ['post 2', 'Brannoc']]);
  });

  it('THEN a reply keeps only its own words; signature, edit stamp and "Click to expand" are gone', () => {
    const reply = doc.passages[1].text;
    expect(reply).toBe('I doubt it very much, the wardens were never that generous to travellers.');
    const all = doc.passages.map((p) => p.text).join(' ') + doc.quotations.map((q) => q.text).join(' ');
    expect(all).not.toMatch(/signature|Last edited|Click to expand|said:|Likes/);
  });

  it('THEN words quoted from a post of the thread stay that post\'s, indexed once', () => {
    const hits = doc.quotations.filter((q) => q.text.includes('kept the roads open'));
    expect(hits.map((q) => [q.speaker, q.location])).toEqual([['Quillfeather', 'post 1']]);
  });

  it('THEN a quote box from outside the thread is credited to the person it names, not to the replier', () => {
    const q = doc.quotations.find((x) => x.text.includes('Every toll shall be written'));
    expect(q?.speaker).toBe('Oda Venn');
    expect(q?.location).toMatch(/^post 2/);
  });
});
