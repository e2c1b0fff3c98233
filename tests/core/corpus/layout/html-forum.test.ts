import { describe, expect, it } from 'vitest';
import { readHtml } from '../../../../src/core/corpus/layout/html.js';

const xfPost = (author: string, body: string, extra = '') => `
<article class="message message--post js-post js-inlineModContainer" data-author="${author}" data-content="post-1" id="js-post-1">
  <div class="message-inner">
    <div class="message-cell message-cell--user">
      <section class="message-user"><h4 class="message-name"><a class="username" data-user-id="1">${author}</a></h4>
      <h5 class="userTitle message-userTitle">Banned</h5></section>
    </div>
    <div class="message-cell message-cell--main"><div class="message-main">
      <header class="message-attribution message-attribution--split"><ul class="message-attribution-main"><li><a href="/p/1"><time class="u-dt" datetime="2021-03-04T10:00:00+0000">Mar 4, 2021</time></a></li></ul>
        <ul class="message-attribution-opposite"><li><a href="/p/1">#1</a></li></ul></header>
      <div class="message-content js-messageContent"><div class="message-userContent lbContainer js-lbContainer">
        <article class="message-body js-selectToQuote"><div class="bbWrapper">${body}</div><div class="js-selectToQuoteEnd">&nbsp;</div></article>
      </div>
      <div class="message-lastEdit">Last edited: Mar 5, 2021</div>
      <aside class="message-signature"><div class="bbWrapper">Signature words of ${author}</div></aside>
      ${extra}
      </div>
      <footer class="message-footer"><div class="message-actionBar actionBar"><a class="actionBar-action">Report</a> <a>Reply</a></div>
      <div class="reactionsBar js-reactionsList is-active"><a class="reactionsBar-link">Oda Venn and 3 others</a></div></footer>
    </div></div>
  </div>
</article>`;

const xfQuote = (name: string, inner: string) => `<blockquote data-attributes="member: 7" data-quote="${name}" data-source="post: 12"
  class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote js-expandWatch">
  <div class="bbCodeBlock-title"><a href="/goto/post?id=12" class="bbCodeBlock-sourceJump" rel="nofollow" data-xf-click="attribution" data-content-selector="#post-12">${name} said:</a></div>
  <div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent js-expandContent">${inner}</div>
  <div class="bbCodeBlock-expandLink js-expandLink"><a role="button" tabindex="0">Click to expand...</a></div></div></blockquote>`;

const xenforo = `<!DOCTYPE html><html><head><title>The grain levy of 1920 | Alternate Harbour Forum</title>
<meta property="og:site_name" content="Alternate Harbour Forum"><script>var XF = {}; XF.ready("script words");</script></head><body>
<nav class="p-nav"><a href="/forums/">Forums</a><a href="/whats-new/">What's new</a></nav>
<div class="p-title"><h1 class="p-title-value">The grain levy of 1920</h1></div>
<div class="block-body js-replyNewMessageContainer">
${xfPost('Quillfeather', 'The levy took everything from the villages.<br />\nNobody could stop it.<br />\n<br />\nA second paragraph here.')}
${xfPost('Marrow', `${xfQuote('Quillfeather', `The levy took everything from the villages.<br />${xfQuote('Someone Else', 'An older claim.')}`)}
I doubt that it took everything.`)}
</div>
<form action="/threads/1/add-reply" class="message--quickReply"><textarea name="message">draft</textarea><button>Post reply</button></form>
<footer class="p-footer">Forum software by XenForo</footer></body></html>`;

describe('readHtml: XenForo threads (rule 8)', () => {
  const r = readHtml(xenforo, 'utf-8');

  it('recognises the thread: layout, kind, title, starter', () => {
    expect(r.layout).toBe('forum-html');
    expect(r.blocks).toEqual([]);
    expect(r.found).toEqual({ kind: 'forum', title: 'The grain levy of 1920', author: 'Quillfeather', date: '2021-03-04T10:00:00+0000' });
    expect(r.warnings).toEqual([]);
  });

  it('gives each post its own paragraphs, without signature, user title, edit stamp, reactions or attribution', () => {
    expect(r.posts).toHaveLength(2);
    expect(r.posts![0]).toEqual({
      poster: 'Quillfeather',
      paragraphs: ['The levy took everything from the villages. Nobody could stop it.', 'A second paragraph here.'],
      quoted: [],
    });
    const json = JSON.stringify(r);
    for (const chrome of ['Signature words', 'Banned', 'Last edited', 'Oda Venn and 3 others', '#1', 'Report', 'Mar 4, 2021', 'draft', 'Post reply', 'script words', 'Forums']) {
      expect(json).not.toContain(chrome);
    }
  });

  it('credits a quote box to the quoted poster, without its title and chrome, and keeps only the outer box', () => {
    expect(r.posts![1]).toEqual({
      poster: 'Marrow',
      paragraphs: ['I doubt that it took everything.'],
      quoted: [{ poster: 'Quillfeather', text: 'The levy took everything from the villages.' }],
    });
    expect(JSON.stringify(r)).not.toContain('older claim');
    expect(JSON.stringify(r)).not.toContain('Click to expand');
  });
});

describe('readHtml: phpBB, Discourse and Reddit threads (rule 8)', () => {
  it('reads phpBB posts: author from .username, quote cite "NAME wrote:", signature and edit notice dropped', () => {
    const post = (id: number, user: string, content: string) => `
      <div id="p${id}" class="post has-profile bg2"><div class="inner">
        <dl class="postprofile" id="profile${id}"><dt class="has-profile-rank no-avatar"><a href="./memberlist.php?mode=viewprofile&amp;u=${id}" class="username">${user}</a></dt>
        <dd class="profile-rank">Site Admin</dd><dd class="profile-posts"><strong>Posts:</strong> 1204</dd></dl>
        <div class="postbody"><div id="post_content${id}">
          <h3 class="first"><a href="#p${id}">Re: Kronstadt harbour</a></h3>
          <p class="author"><span class="responsive-hide">by <strong><a href="#" class="username">${user}</a></strong> &raquo; </span><time datetime="2019-05-0${id}T10:00:00+00:00">Thu May 0${id}, 2019</time></p>
          <div class="content">${content}</div>
          <div class="notice">Last edited by ${user} on Thu May 02, 2019, edited 1 time in total.</div>
          <div id="sig${id}" class="signature">All power to the harbour!</div>
        </div></div>
      </div></div>`;
    const html = `<html><head><title>Kronstadt harbour - Oda's Board</title></head><body>
      <h2 class="topic-title"><a href="./viewtopic.php?t=1">Kronstadt harbour</a></h2>
      ${post(1, 'Quillfeather', 'The sailors held the harbour for two weeks.')}
      ${post(2, 'Marrow', '<blockquote><div><cite><a href="./memberlist.php?u=1">Quillfeather</a> wrote: <a href="./viewtopic.php?p=1#p1" data-post-id="1">↑</a><span class="responsive-hide">Thu May 01, 2019</span></cite>The sailors held the harbour.</div></blockquote>Two weeks is too long.<br><br>Sources say ten days.')}
      <blockquote class="uncited">not in a post</blockquote></body></html>`;
    const r = readHtml(html, 'utf-8');
    expect(r.layout).toBe('forum-html');
    expect(r.found).toMatchObject({ kind: 'forum', title: 'Kronstadt harbour', author: 'Quillfeather' });
    expect(r.posts).toEqual([
      { poster: 'Quillfeather', paragraphs: ['The sailors held the harbour for two weeks.'], quoted: [] },
      { poster: 'Marrow', paragraphs: ['Two weeks is too long.', 'Sources say ten days.'], quoted: [{ poster: 'Quillfeather', text: 'The sailors held the harbour.' }] },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/All power|Last edited|Site Admin|Posts:/);
  });

  it('reads Discourse posts: author from data-user-card, text from .cooked, aside.quote credited by data-username', () => {
    const post = (n: number, user: string, cooked: string) => `
      <div class="topic-post clearfix regular" data-post-number="${n}"><article id="post_${n}" data-post-id="${100 + n}" data-user-id="${n}" class="boxed onscreen-post">
        <div class="topic-avatar"><a class="trigger-user-card main-avatar" data-user-card="${user}"><img alt="" src="/a.png"></a></div>
        <div class="topic-body"><div class="topic-meta-data"><div class="names"><span class="first username"><a data-user-card="${user}">${user}</a></span></div></div>
        <div class="regular contents"><div class="cooked">${cooked}</div>
        <section class="post-menu-area clearfix"><nav class="post-controls"><button>Reply</button></nav></section></div></div>
      </article></div>`;
    const html = `<html><head><title>Tide tables - Harbour Discourse</title></head><body><div id="topic-title"><h1><a class="fancy-title">Tide tables</a></h1></div>
      ${post(1, 'quillfeather', '<p>The tide tables were wrong all spring.</p>')}
      ${post(2, 'marrow', '<aside class="quote no-group" data-username="quillfeather" data-post="1" data-topic="9"><div class="title"><div class="quote-controls"></div><img alt="" src="/a.png"> quillfeather:</div><blockquote><p>The tide tables were wrong</p></blockquote></aside><p>Only in April.</p>')}
      </body></html>`;
    const r = readHtml(html, 'utf-8');
    expect(r.found).toMatchObject({ kind: 'forum', title: 'Tide tables', author: 'quillfeather' });
    expect(r.posts).toEqual([
      { poster: 'quillfeather', paragraphs: ['The tide tables were wrong all spring.'], quoted: [] },
      { poster: 'marrow', paragraphs: ['Only in April.'], quoted: [{ poster: 'quillfeather', text: 'The tide tables were wrong' }] },
    ]);
  });

  it('reads old Reddit: the submission and comments by data-author, nested replies apart, unnamed blockquotes with poster null', () => {
    const html = `<html><head><title>Was the harbour strike planned? : r/AskHarbours</title></head><body>
      <div class="side"><div class="md">Sidebar rules text</div></div>
      <div class=" thing id-t3_a1 odd link self" data-author="Quillfeather" data-fullname="t3_a1"><div class="entry unvoted">
        <p class="title"><a class="title may-blank" href="/r/AskHarbours/comments/a1/">Was the harbour strike planned?</a></p>
        <p class="tagline">submitted <time datetime="2020-02-02T08:00:00+00:00">4 years ago</time> by <a class="author">Quillfeather</a></p>
        <div class="expando"><form action="#" class="usertext warn-on-unload"><input type="hidden" name="thing_id" value="t3_a1"><div class="usertext-body may-blank-within md-container"><div class="md"><p>I have read that it was planned for months.</p></div></div></form></div>
        <ul class="flat-list buttons"><li class="first"><a>42 comments</a></li><li><a>share</a></li></ul></div></div>
      <div class="commentarea"><div class="sitetable nestedlisting">
        <div class=" thing id-t1_c1 noncollapsed comment" data-author="Marrow" data-fullname="t1_c1"><div class="entry unvoted">
          <p class="tagline"><a class="author">Marrow</a> 12 points</p>
          <form action="#" class="usertext warn-on-unload"><div class="usertext-body may-blank-within md-container"><div class="md"><blockquote><p>planned for months</p></blockquote><p>No, it was sudden.</p></div></div></form>
          <ul class="flat-list buttons"><li><a>permalink</a></li><li><a>reply</a></li></ul></div>
          <div class="child"><div class="sitetable listing">
            <div class=" thing id-t1_c2 comment" data-author="Quillfeather" data-fullname="t1_c2"><div class="entry"><form class="usertext"><div class="usertext-body"><div class="md"><p>Source?</p></div></div></form></div><div class="child"></div></div>
          </div></div>
        </div>
        <div class=" thing id-t1_c3 comment deleted" data-author="[deleted]"><div class="entry"><form class="usertext"><div class="usertext-body"><div class="md"><p>[removed]</p></div></div></form></div></div>
      </div></div></body></html>`;
    const r = readHtml(html, 'utf-8');
    expect(r.found).toMatchObject({ kind: 'forum', title: 'Was the harbour strike planned?', author: 'Quillfeather', date: '2020-02-02T08:00:00+00:00' });
    expect(r.posts).toEqual([
      { poster: 'Quillfeather', paragraphs: ['I have read that it was planned for months.'], quoted: [] },
      { poster: 'Marrow', paragraphs: ['No, it was sudden.'], quoted: [{ poster: null, text: 'planned for months' }] },
      { poster: 'Quillfeather', paragraphs: ['Source?'], quoted: [] },
      { poster: null, paragraphs: ['[removed]'], quoted: [] },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/Sidebar rules|permalink|42 comments/);
  });

  it('does not take an article with a class "post" and blockquotes for a forum thread', () => {
    const html = `<html><head><title>On the levy | Oda's blog</title><meta name="author" content="Oda Venn"></head><body>
      <article class="post type-post"><h1>On the levy</h1><div class="entry-content"><p>Oda Venn wrote this.</p><blockquote><p>A quoted source, not a forum quote.</p></blockquote></div></article></body></html>`;
    const r = readHtml(html, 'utf-8');
    expect(r.layout).toBe('html-article');
    expect(r.posts).toBeUndefined();
    expect(r.blocks).toContainEqual({ type: 'quote', text: 'A quoted source, not a forum quote.' });
  });

  it('warns on a forum page whose posts hold no text', () => {
    const r = readHtml('<html><body><article class="message" data-author="Quillfeather"><div class="bbWrapper"></div></article></body></html>', 'utf-8');
    expect(r.layout).toBe('forum-html');
    expect(r.posts).toEqual([]);
    expect(r.warnings).toContain('forum page with no post text');
  });
});
