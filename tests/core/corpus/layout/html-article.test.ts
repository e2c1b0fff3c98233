import { describe, expect, it } from 'vitest';
import { readHtml } from '../../../../src/core/corpus/layout/html.js';
import { noteRef, type LaidOutText } from '../../../../src/core/corpus/layout/types.js';

const texts = (r: LaidOutText) => r.blocks.map((b) => b.text);

describe('readHtml: articles (rule 7)', () => {
  it('takes metadata from og:title, meta author and article:published_time, and reads only the <article>', () => {
    const html = `<!DOCTYPE html><html><head><title>The Salt Strike of 1911 | Harbour Histories</title>
      <meta property="og:title" content="The Salt Strike of 1911">
      <meta name="author" content="Oda Venn">
      <meta property="article:published_time" content="2019-06-01T09:00:00Z">
      <meta property="og:site_name" content="Harbour Histories"></head><body>
      <header class="site-header"><div class="logo">Harbour Histories</div><ul class="menu"><li><a href="/">Home</a></li></ul></header>
      <div class="breadcrumbs"><a href="/">Home</a> › <a href="/history">History</a></div>
      <article><h1>The Salt Strike of 1911</h1><p class="byline">By Oda Venn</p>
        <p>The salt workers struck in May.</p>
        <div class="share-buttons"><a>Share on Facebook</a><a>Tweet</a></div>
        <p>They won within a month.</p></article>
      <aside class="sidebar"><h3>Related posts</h3><p>Another article entirely</p></aside>
      <div id="comments" class="comments-area"><p>Great read! — a commenter</p><form class="comment-form"><textarea></textarea></form></div>
      <footer><p>© 2019 Harbour Histories</p></footer></body></html>`;
    const r = readHtml(html, 'utf-8');
    expect(r.layout).toBe('html-article');
    expect(r.found).toEqual({ title: 'The Salt Strike of 1911', author: 'Oda Venn', date: '2019-06-01T09:00:00Z', publication: 'Harbour Histories' });
    expect(r.blocks).toEqual([
      { type: 'heading', text: 'The Salt Strike of 1911', level: 1 },
      { type: 'paragraph', text: 'The salt workers struck in May.' },
      { type: 'paragraph', text: 'They won within a month.' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('falls back to the <h1>, then to <title> without its site suffix; author from a byline or rel=author; date from <time>', () => {
    const a = readHtml(`<html><head><title>Ignored | Site</title></head><body><main><h1>Letters from the Quay</h1>
      <div class="post-meta"><span class="author-name">by <a rel="author" href="/u/q">Piet Marrow</a></span> on <time datetime="2020-01-05">5 Jan</time></div>
      <p>Text of the letters.</p></main></body></html>`, 'utf-8');
    expect(a.found).toEqual({ title: 'Letters from the Quay', author: 'Piet Marrow', date: '2020-01-05' });
    expect(texts(a)).toEqual(['Letters from the Quay', 'Text of the letters.']);

    const b = readHtml('<html><head><title>On Grain Prices - The Quay Review</title></head><body><p>Prices rose.</p></body></html>', 'utf-8');
    expect(b.found).toEqual({ title: 'On Grain Prices' });
    const c = readHtml('<html><head><title>Kronstadt - The Final Act | libcom.org</title></head><body><p>x</p></body></html>', 'utf-8');
    expect(c.found.title).toBe('Kronstadt - The Final Act');
  });

  it('reads Dublin Core creator as the author', () => {
    const r = readHtml('<html><head><meta name="DC.Creator" content="Oda Venn"><title>A Letter</title></head><body><p>Dear friends.</p></body></html>', 'utf-8');
    expect(r.found).toEqual({ title: 'A Letter', author: 'Oda Venn' });
  });

  it('drops Wikipedia [edit] links, [citation needed], navboxes and the table of contents; keeps its references as notes', () => {
    const html = `<html><head><title>Harbour strike - Wikipedia</title></head><body><div id="mw-navigation"><a>Main page</a></div>
      <main id="content"><h1 id="firstHeading">Harbour strike</h1>
      <div id="toc" class="toc"><ul><li><a href="#Causes">1 Causes</a></li><li><a href="#Outcome">2 Outcome</a></li><li><a href="#Refs">3 References</a></li></ul></div>
      <h2><span class="mw-headline" id="Causes">Causes</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/edit">edit</a><span class="mw-editsection-bracket">]</span></span></h2>
      <p>Wages fell by a third.<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup> The dockers walked out.<sup class="noprint Inline-Template Template-Fact">[<i><a href="/wiki/Help">citation needed</a></i>]</sup></p>
      <div class="navbox"><a>Strikes</a> · <a>Harbours</a></div>
      <h2 id="Refs">References</h2><ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span> <span class="reference-text">Venn, <i>Quays</i>, p. 12.</span></li></ol>
      </main></body></html>`;
    const r = readHtml(html, 'utf-8');
    expect(r.found.title).toBe('Harbour strike');
    expect(r.blocks).toEqual([
      { type: 'heading', text: 'Harbour strike', level: 1 },
      { type: 'heading', text: 'Causes', level: 2 },
      { type: 'paragraph', text: `Wages fell by a third.${noteRef(1)} The dockers walked out.` },
      { type: 'note', id: 1, label: '1', text: 'Venn, Quays, p. 12.' },
    ]);
  });

  it('reads the notes section an <article> links to even when it stands outside it', () => {
    const r = readHtml(`<html><body><article><p>The quay was closed<sup><a href="#fn1" id="r1">1</a></sup>.</p></article>
      <section class="footnotes"><ol><li id="fn1">By order of the port. <a href="#r1" class="footnote-back">↩</a></li></ol></section>
      <div class="related"><p>More reading</p></div></body></html>`, 'utf-8');
    expect(r.blocks).toEqual([
      { type: 'paragraph', text: `The quay was closed${noteRef(1)}.` },
      { type: 'note', id: 1, label: '1', text: 'By order of the port.' },
    ]);
  });

  it('keeps a page whose wrapper is named like furniture, and an article blockquote as a quote block', () => {
    const r = readHtml(`<html><body><div class="content-with-sidebar"><div class="main-col">
      <p>A long enough body paragraph that is the point of the page, with plenty of words in it to count for something here.</p>
      <blockquote><p>Words of a speech, quoted.</p></blockquote>
      <p>Another long paragraph of the body text, written to be long enough to be most of the page text overall.</p></div>
      <div class="sidebar-widget"><p>Tag cloud</p></div></div></body></html>`, 'utf-8');
    expect(r.blocks.map((b) => b.type)).toEqual(['paragraph', 'quote', 'paragraph']);
    expect(r.blocks[1]).toEqual({ type: 'quote', text: 'Words of a speech, quoted.' });
  });

  it('does not read a navigation list of page links as paragraphs, nor a list of in-page links', () => {
    const r = readHtml(`<html><body><ul class="nav-links"><li><a href="/a">Archive</a></li><li><a href="/b">About</a></li></ul>
      <ul><li><a href="#s1">Section one</a></li><li><a href="#s2">Section two</a></li><li><a href="#s3">Section three</a></li></ul>
      <h2 id="s1">One</h2><p>Body one.</p><ul><li>a real list item</li><li>another real item</li><li>a third</li></ul></body></html>`, 'utf-8');
    expect(texts(r)).toEqual(['One', 'Body one.', 'a real list item', 'another real item', 'a third']);
  });
});

describe('readHtml: page header and footer, EPUB-style chapters', () => {
  it('drops the page header and footer, keeps an article header and a quotation\'s footer', () => {
    const r = readHtml(`<html><body><header><div>Harbour Histories</div><p>Stories from the quays</p></header>
      <main><article><header><h1>The Pier</h1></header><p>It was built in 1890.</p>
      <blockquote><p>Built to last.</p><footer>— Oda Venn</footer></blockquote></article></main>
      <footer><p>Contact us</p></footer></body></html>`, 'utf-8');
    expect(r.blocks).toEqual([
      { type: 'heading', text: 'The Pier', level: 1 },
      { type: 'paragraph', text: 'It was built in 1890.' },
      { type: 'quote', text: 'Built to last.\n\n— Oda Venn' },
    ]);
  });

  it('reads EPUB3 noterefs and <aside epub:type="footnote"> notes; a title that only mentions Gutenberg is an article', () => {
    const r = readHtml(`<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
      <head><title>Why Project Gutenberg matters</title></head><body><section epub:type="chapter"><h1>One</h1>
      <p>Text<a epub:type="noteref" href="#fn1" id="nr1">1</a> more.</p>
      <aside epub:type="footnote" id="fn1"><p><a href="#nr1">1.</a> The note.</p></aside></section></body></html>`, 'utf-8');
    expect(r.layout).toBe('html-article');
    expect(r.blocks).toEqual([
      { type: 'heading', text: 'One', level: 1 },
      { type: 'paragraph', text: `Text${noteRef(1)} more.` },
      { type: 'note', id: 1, label: '1', text: 'The note.' },
    ]);
  });
});

describe('readHtml: a fragment without <html>/<body>', () => {
  it('still drops furniture and keeps the text', () => {
    const r = readHtml('<div class="social-share">Share this</div><p>Fragment text stands here.</p><div class="related-posts"><p>Other post</p></div>', 'utf-8');
    expect(r.blocks).toEqual([{ type: 'paragraph', text: 'Fragment text stands here.' }]);
  });
});
