import { describe, expect, it } from 'vitest';
import { readHtml } from '../../../../src/core/corpus/layout/html.js';
import { noteRef, type Block, type LaidOutText } from '../../../../src/core/corpus/layout/types.js';

const page = (body: string, head = '<title>Notes on the Harbour</title>') =>
  `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const texts = (r: LaidOutText, type?: Block['type']) => r.blocks.filter((b) => !type || b.type === type).map((b) => b.text);
const all = (r: LaidOutText) => JSON.stringify(r);

describe('readHtml: furniture and safety (rule 1)', () => {
  it('drops script, style, noscript, nav, forms and buttons; decodes entities', () => {
    const r = readHtml(
      page(`<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li><li><a href="/x">Archive</a></li></ul></nav>
        <script>document.write("evil words from a script")</script><style>p { color: red }</style>
        <noscript>Enable JavaScript to read</noscript>
        <p>The ferry left at dawn&mdash;late, as ever &#8212; and &amp; then &#x2014; stopped.</p>
        <form><label>Your name</label><input value="typed"><button>Send now</button></form>`),
      'utf-8',
    );
    expect(texts(r)).toEqual(['The ferry left at dawn—late, as ever — and & then — stopped.']);
    expect(all(r)).not.toContain('evil words');
    expect(all(r)).not.toContain('color');
    expect(all(r)).not.toContain('Archive');
    expect(all(r)).not.toContain('Send now');
    expect(all(r)).not.toContain('JavaScript');
  });

  it('never leaks script text even in broken markup, and warns about unclosed elements', () => {
    const r = readHtml('<div><p>Kept words here<script>var leaked = "script text";</script> and more<div><span>unclosed', 'utf-8');
    expect(all(r)).not.toContain('leaked');
    expect(texts(r)[0]).toBe('Kept words here and more');
    expect(r.warnings.some((w) => /unbalanced markup/.test(w))).toBe(true);
  });

  it('keeps an <aside> that is a pull quote, drops one that is a sidebar', () => {
    const r = readHtml(
      page(`<p>Body text of the piece.</p><aside class="pullquote"><blockquote>We sailed on regardless.</blockquote></aside>
        <aside class="widget"><p>Popular this week: everything</p></aside>`),
      'utf-8',
    );
    expect(r.blocks).toContainEqual({ type: 'quote', text: 'We sailed on regardless.' });
    expect(all(r)).not.toContain('Popular this week');
  });

  it('never throws, on empty, odd or non-HTML input', () => {
    for (const input of ['', '<<<>>>', '</div></p>', '<html><body></body></html>', 'just words, no markup', '<p'.repeat(5000), '<b>'.repeat(20000) + 'deep']) {
      const r = readHtml(input, 'utf-8');
      expect(r.layout).toBe('html-article');
      expect(Array.isArray(r.warnings)).toBe(true);
    }
    expect(readHtml('<html><body><nav>menu</nav></body></html>', 'utf-8').warnings).toContain('no body text found');
    expect(texts(readHtml('just words, no markup', 'utf-8'))).toEqual(['just words, no markup']);
    // Nesting no page reaches is refused (the parser's cost grows with depth), with a reason and no throw.
    expect(readHtml('<b>'.repeat(20000) + 'deep', 'utf-8').warnings.join(' ')).toMatch(/nested more than 1000 deep/);
    expect(texts(readHtml('<b>'.repeat(500) + 'deep', 'utf-8'))).toEqual(['deep']);
  });
});

describe('readHtml: block text (rule 2)', () => {
  it('collapses whitespace, reads <br> in a paragraph as a space and inline markup as its text', () => {
    const r = readHtml(
      page(`<p>The   harbour
        master <i>said</i> <em>nothing</em>,<br>and <b>the</b> <span class="smcap">Tide</span> turned.</p>
        <div>Text standing in a div.</div><ul><li>first item</li><li>second <a href="/x">item</a></li></ul>
        <dl><dt>Term</dt><dd>Its meaning.</dd></dl>`),
      'utf-8',
    );
    expect(texts(r)).toEqual(['The harbour master said nothing, and the Tide turned.', 'Text standing in a div.', 'first item', 'second item', 'Term', 'Its meaning.']);
  });

  it('reads text standing directly in a div round nested blocks as separate paragraphs; two <br> end a paragraph', () => {
    const r = readHtml(page('<div>Opening words<p>Inner paragraph.</p>closing words<br><br>after a gap</div>'), 'utf-8');
    expect(texts(r)).toEqual(['Opening words', 'Inner paragraph.', 'closing words', 'after a gap']);
  });

  it('keeps the lines of <pre> and of a poem, and does not keep lines elsewhere', () => {
    const r = readHtml(
      page(`<pre>first line
  second line

new stanza</pre>
<div class="poem"><div class="stanza"><span class="i0">The gulls came in<br></span><span class="i2">over the grey sea,<br></span></div>
<div class="stanza"><span class="i0">and left at dusk.<br></span></div></div>
<p>not a poem<br>line</p>`),
      'utf-8',
    );
    expect(texts(r)).toEqual(['first line\nsecond line', 'new stanza', 'The gulls came in\nover the grey sea,', 'and left at dusk.', 'not a poem line']);
  });

  it('reads a table row of short cells as one paragraph, and cells holding paragraphs as blocks', () => {
    const r = readHtml(
      page(`<table><tr><th>Year</th><th>Event</th></tr><tr><td>1921</td><td>The strike</td></tr></table>
        <table><tr><td><p>Layout cell paragraph one.</p><p>Paragraph two.</p></td></tr></table>`),
      'utf-8',
    );
    expect(texts(r)).toEqual(['Year | Event', '1921 | The strike', 'Layout cell paragraph one.', 'Paragraph two.']);
  });
});

describe('readHtml: headings (rule 3)', () => {
  it('reads h1–h6 as headings, levels from 1 for the outermost used', () => {
    const r = readHtml(page('<h2>Part One</h2><p>a</p><h3>A section</h3><p>b</p><h4>Deeper</h4>'), 'utf-8');
    expect(r.blocks.filter((b) => b.type === 'heading')).toEqual([
      { type: 'heading', text: 'Part One', level: 1 },
      { type: 'heading', text: 'A section', level: 2 },
      { type: 'heading', text: 'Deeper', level: 3 },
    ]);
  });

  it('joins a chapter label and its title set side by side as "CHAPTER I. TITLE"; a <br> title is one line', () => {
    const r = readHtml(
      page(`<h2><span>CHAPTER I</span> <span class="smaller">THE LONG CROSSING</span></h2><p>x</p>
        <h2>THE GREY <br>HARBOUR</h2><p>y</p><h2><span class="smcap">T</span>HE END</h2><p>z</p>
        <h2>CHAPTER II</h2><h3>THE RETURN</h3><p>w</p>`),
      'utf-8',
    );
    expect(texts(r, 'heading')).toEqual(['CHAPTER I. THE LONG CROSSING', 'THE GREY HARBOUR', 'THE END', 'CHAPTER II. THE RETURN']);
  });
});

describe('readHtml: block quotations (rule 4)', () => {
  it('reads a blockquote as one quote block, its paragraphs joined by a blank line', () => {
    const r = readHtml(page('<p>She wrote:</p><blockquote><p>First part of it.</p>\n<p>Second   part.</p></blockquote><p>After.</p>'), 'utf-8');
    expect(r.blocks).toEqual([
      { type: 'paragraph', text: 'She wrote:' },
      { type: 'quote', text: 'First part of it.\n\nSecond part.' },
      { type: 'paragraph', text: 'After.' },
    ]);
  });

  it('keeps a quotation made with <q> inside its paragraph, not a quote block', () => {
    const r = readHtml(page('<p>He said <q>we stay</q> and left.</p>'), 'utf-8');
    expect(r.blocks).toEqual([{ type: 'paragraph', text: 'He said “we stay” and left.' }]);
  });
});

describe('readHtml: notes (rule 5)', () => {
  it('reads Gutenberg-style footnotes: marker where it stood, note block without back-link or FOOTNOTE: heading', () => {
    const r = readHtml(
      page(`<p>The pamphlet was seized.<a name="FNanchor_1_1" id="FNanchor_1_1"></a><a href="#Footnote_1_1" class="fnanchor">[1]</a> Then the rest.</p>
        <div class="footnotes"><h3>FOOTNOTE:</h3><div class="footnote">
        <p><a name="Footnote_1_1" id="Footnote_1_1"></a><a href="#FNanchor_1_1"><span class="label">[1]</span></a> Harbour Press, 1917.</p></div></div>`),
      'utf-8',
    );
    expect(r.blocks).toEqual([
      { type: 'paragraph', text: `The pamphlet was seized.${noteRef(1)} Then the rest.` },
      { type: 'note', id: 1, label: '1', text: 'Harbour Press, 1917.' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('reads <sup><a href="#fn3"> markers with an <ol> of notes, and Word-style _ftn notes', () => {
    const r = readHtml(
      page(`<p>Oda Venn disagreed<sup><a href="#fn3" id="fnref3">3</a></sup>, strongly<sup><a href="#fn4" id="fnref4">4</a></sup>.</p>
        <p>Word text<a href="#_ftn2" name="_ftnref2">[2]</a> ends.</p>
        <ol start="3"><li id="fn3"><p>Venn, <i>Letters</i>, p. 4. <a href="#fnref3">↩</a></p></li><li id="fn4">Ibid. <a href="#fnref4">↩</a></li></ol>
        <div id="ftn2"><p><a href="#_ftnref2" name="_ftn2">[2]</a> A Word footnote.</p></div>`),
      'utf-8',
    );
    expect(texts(r, 'paragraph')).toEqual([`Oda Venn disagreed${noteRef(1)}, strongly${noteRef(2)}.`, `Word text${noteRef(3)} ends.`]);
    expect(r.blocks.filter((b) => b.type === 'note')).toEqual([
      { type: 'note', id: 1, label: '3', text: 'Venn, Letters, p. 4.' },
      { type: 'note', id: 2, label: '4', text: 'Ibid.' },
      { type: 'note', id: 3, label: '2', text: 'A Word footnote.' },
    ]);
  });

  it('reads marxists.org-style #n1 links and a Notes section of anchored paragraphs', () => {
    const r = readHtml(
      page(`<p>The congress met.<sup class="anote"><a href="#n1" name="f1">[1]</a></sup> It sat for days.</p>
        <h3>Notes</h3><p class="endnote"><a name="n1" href="#f1">[1]</a> It met in the old hall.</p>`),
      'utf-8',
    );
    expect(r.blocks).toEqual([
      { type: 'paragraph', text: `The congress met.${noteRef(1)} It sat for days.` },
      { type: 'note', id: 1, label: '1', text: 'It met in the old hall.' },
    ]);
  });

  it('reads a bare <sup>4</sup> as a marker when a note labelled 4 exists, and keeps x<sup>2</sup> when none does', () => {
    const withNotes = readHtml(page('<p>The tide rose<sup>4</sup> quickly.</p><h2>Notes</h2><ol start="4"><li>Measured at the pier.</li></ol>'), 'utf-8');
    expect(withNotes.blocks).toEqual([
      { type: 'paragraph', text: `The tide rose${noteRef(1)} quickly.` },
      { type: 'note', id: 1, label: '4', text: 'Measured at the pier.' },
    ]);
    const noNotes = readHtml(page('<p>The area is x<sup>2</sup> metres.</p>'), 'utf-8');
    expect(texts(noNotes)).toEqual(['The area is x2 metres.']);
    expect(noNotes.warnings).toEqual([]);
  });

  it('removes a marker whose note is missing and warns; an ordinary in-page link stays text', () => {
    const r = readHtml(
      page(`<p>One<sup><a href="#fn7">7</a></sup> two<a href="#note8" class="noteref">[8]</a> three<sup><a href="#fn9">9</a></sup>.</p>
        <p>See <a href="#chapter-2">chapter 2</a> and <a href="#sec3">3</a>.</p><h2 id="chapter-2">Two</h2><p id="sec3">Three.</p>`),
      'utf-8',
    );
    expect(texts(r, 'paragraph')[0]).toBe('One two three.');
    expect(texts(r, 'paragraph')[1]).toBe('See chapter 2 and 3.');
    expect(r.warnings).toContain('3 note markers have no note');
  });

  it('gives every note a document-unique id when labels restart per chapter', () => {
    const r = readHtml(
      page(`<h2>One</h2><p>A<a class="fnanchor" href="#c1n1">[1]</a>.</p><div class="footnote"><p><a id="c1n1"></a>[1] First.</p></div>
        <h2>Two</h2><p>B<a class="fnanchor" href="#c2n1">[1]</a>.</p><div class="footnote"><p><a id="c2n1"></a>[1] Second.</p></div>`),
      'utf-8',
    );
    expect(r.blocks.filter((b) => b.type === 'note')).toEqual([
      { type: 'note', id: 1, label: '1', text: 'First.' },
      { type: 'note', id: 2, label: '1', text: 'Second.' },
    ]);
    expect(texts(r, 'paragraph')).toEqual([`A${noteRef(1)}.`, `B${noteRef(2)}.`]);
  });
});

describe('readHtml: Project Gutenberg HTML (rule 6)', () => {
  const gutenberg = [
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml"><head>',
    '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1" />',
    '<title>The Project Gutenberg eBook of Tides of the North, by Oda Venn</title>',
    '<style type="text/css">.pagenum { position: absolute; }</style></head><body>',
    '<h1>The Project Gutenberg eBook, Tides of the North, by Oda Venn</h1>',
    '<p>This eBook is for the use of anyone anywhere at no cost.</p>',
    '<p>Title: Tides of the North</p>',
    '<p>Author: Oda Venn</p>',
    '<p>Translator: Piet Marrow</p>',
    '<p>***START OF THE PROJECT GUTENBERG EBOOK TIDES OF THE NORTH***</p>',
    '<h4>E-text prepared by Some Volunteers<br />',
    '    and the Online Distributed Proofreading Team</h4>',
    '<h2>CONTENTS</h2>',
    '<table summary="TOC"><tr><td>I.</td><td><span class="smcap">The Crossing</span></td><td><a href="#Page_1">1</a></td></tr>',
    '<tr><td>II.</td><td>The Harbour</td><td><a href="#Page_5">5</a></td></tr>',
    '<tr><td>III.</td><td>The Return</td><td><a href="#Page_9">9</a></td></tr></table>',
    '<p><span class="pagenum"><a name="Page_1" id="Page_1">[Pg 1]</a></span></p>',
    '<h2><span>CHAPTER I</span> <span class="smaller">THE CROSSING</span></h2>',
    '<p>We left the port in a gale, and the words run on<span class="pagenum"><a name="Page_2" id="Page_2">[Pg 2]</a></span>',
    'across the page&mdash;without a break.<a name="FNanchor_1_1" id="FNanchor_1_1"></a><a href="#Footnote_1_1" class="fnanchor">[1]</a></p>',
    '<div class="figcenter"><img src="images/ship.jpg" alt="" /><p class="caption">The ship in the gale</p></div>',
    '<p>The captain said nothing.<a name="FNanchor_2_2" id="FNanchor_2_2"></a><a href="#Footnote_2_2" class="fnanchor">[2]</a></p>',
    '<div class="footnotes"><h3>FOOTNOTES:</h3>',
    '<div class="footnote"><p><a name="Footnote_1_1" id="Footnote_1_1"></a><a href="#FNanchor_1_1"><span class="label">[1]</span></a> The gale of',
    'March, 1921.</p></div>',
    '<div class="footnote"><p><a name="Footnote_2_2" id="Footnote_2_2"></a><a href="#FNanchor_2_2"><span class="label">[2]</span></a> He seldom spoke.</p></div></div>',
    '<div class="transnote"><p>Transcriber\'s note: obvious typographical errors fixed.</p></div>',
    '<p>***END OF THE PROJECT GUTENBERG EBOOK TIDES OF THE NORTH***</p>',
    '<p>Updated editions will replace the previous one.</p>',
    '<h2>START: FULL LICENSE</h2><p>THE FULL PROJECT GUTENBERG LICENSE terms follow.</p>',
    '</body></html>',
  ].join('\r\n');

  it('reads the book between the markers: CRLF source, a page number mid-sentence, two footnotes, licence dropped', () => {
    const r = readHtml(gutenberg, 'windows-1252');
    expect(r.layout).toBe('gutenberg-html');
    expect(r.encoding).toBe('windows-1252');
    expect(r.found).toEqual({ title: 'Tides of the North', author: 'Oda Venn', translator: 'Piet Marrow' });
    expect(r.blocks).toEqual([
      { type: 'heading', text: 'CHAPTER I. THE CROSSING', level: 1 },
      { type: 'paragraph', text: `We left the port in a gale, and the words run on across the page—without a break.${noteRef(1)}` },
      { type: 'paragraph', text: `The captain said nothing.${noteRef(2)}` },
      { type: 'note', id: 1, label: '1', text: 'The gale of March, 1921.' },
      { type: 'note', id: 2, label: '2', text: 'He seldom spoke.' },
    ]);
    expect(r.warnings).toEqual([]);
    expect(all(r)).not.toMatch(/LICENSE|Updated editions|anyone anywhere|Pg 2|Transcriber|ship in the gale|\r/);
  });

  it('removes a page number without splitting its sentence, also glued to a word, and a page-number-only paragraph', () => {
    const r = readHtml(
      page(`<p>***START OF THE PROJECT GUTENBERG EBOOK X***</p><p><span class="pagenum">[Pg 7]</span></p>
        <p>the words<span class="pagenum"><a id="Page_8">[Pg 8]</a></span> run on and<span class="pagenum">[Pg 9]</span>
        on.</p>`),
      'utf-8',
    );
    expect(r.blocks).toEqual([{ type: 'paragraph', text: 'the words run on and on.' }]);
  });

  it('finds the markers in <pre> blocks and the title from Dublin Core meta; drops [Illustration] lines and a Contents section', () => {
    const r = readHtml(
      `<html><head><meta name="DC.Title" content="Salt and Iron"><meta name="DC.Creator" content="Venn, Oda, 1870-1931"></head><body>
      <pre>
The Project Gutenberg EBook of something
*** START OF THIS PROJECT GUTENBERG EBOOK SALT AND IRON ***
</pre>
      <h2>Contents</h2><p>I. Salt</p><p>II. Iron</p>
      <h2>I. SALT</h2><p>[Illustration: A salt pan]</p><p>Salt was dear that year.</p>
      <pre>*** END OF THIS PROJECT GUTENBERG EBOOK SALT AND IRON ***
licence text here</pre></body></html>`,
      'utf-8',
    );
    expect(r.layout).toBe('gutenberg-html');
    expect(r.found).toEqual({ title: 'Salt and Iron', author: 'Oda Venn' });
    expect(r.blocks).toEqual([
      { type: 'heading', text: 'I. SALT', level: 1 },
      { type: 'paragraph', text: 'Salt was dear that year.' },
    ]);
  });

  it('drops an index near the end and a transcriber\'s notes section, keeps a chapter called "Contents of the Hold"', () => {
    const body = Array.from({ length: 10 }, (_, i) => `<p>Paragraph ${i} of the voyage.</p>`).join('');
    const r = readHtml(
      page(`<p>*** START OF THE PROJECT GUTENBERG EBOOK Y ***</p><h2>Contents of the Hold</h2><p>Barrels of salt.</p>${body}
        <h2>INDEX</h2><p>Anchor, <a href="#Page_3">3</a></p><p>Ballast, 9</p>
        <h2>Transcriber's Notes</h2><p>Spelling kept.</p><p>*** END OF THE PROJECT GUTENBERG EBOOK Y ***</p>`,
        '<title>Y, by Oda Venn—A Project Gutenberg eBook</title>'),
      'utf-8',
    );
    expect(r.found).toEqual({ title: 'Y', author: 'Oda Venn' });
    expect(texts(r)).toContain('Barrels of salt.');
    expect(texts(r, 'heading')).toEqual(['Contents of the Hold']);
    expect(all(r)).not.toMatch(/Anchor|Ballast|Spelling kept/);
  });

  it('reads Title/Author lines from a <pre> header that also holds the start marker, and the book after it', () => {
    const r = readHtml(
      `<html><head><title>The Project Gutenberg EBook of Salt, by Somebody Else</title></head><body><pre>
The Project Gutenberg EBook of Salt

Title: Salt and Iron
Author: Oda Venn

*** START OF THIS PROJECT GUTENBERG EBOOK SALT ***
</pre><p>Salt was dear.</p><p>End of the Project Gutenberg EBook of Salt</p><p>licence</p></body></html>`,
      'utf-8',
    );
    expect(r.found).toEqual({ title: 'Salt and Iron', author: 'Oda Venn' });
    expect(texts(r)).toEqual(['Salt was dear.']);
  });

  it('does not treat an ordinary page that mentions Gutenberg in passing as a Gutenberg book', () => {
    const r = readHtml(page('<p>I read it on Project Gutenberg last year.</p><p>Title: not a header</p>'), 'utf-8');
    expect(r.layout).toBe('html-article');
    expect(texts(r)).toHaveLength(2);
  });
});

describe('readHtml: speed and bounds (rule 9)', () => {
  it('reads a large page of many notes, every marker linked to its own note', () => {
    const chapter = (n: number) =>
      `<h2>CHAPTER ${n}</h2>` +
      Array.from({ length: 40 }, (_, i) => `<p>Words of paragraph ${i} run on<span class="pagenum">[Pg ${n * 40 + i}]</span> across <i>pages</i> and lines,\nas they always do in books.<a href="#fn${n}_${i}" class="fnanchor">[${i}]</a></p>`).join('\n') +
      Array.from({ length: 40 }, (_, i) => `<div class="footnote"><p><a id="fn${n}_${i}"></a>[${i}] Note ${i}.</p></div>`).join('\n');
    const html = page(Array.from({ length: 120 }, (_, n) => chapter(n)).join('\n'));
    expect(html.length).toBeGreaterThan(1_000_000);
    // Its speed is measured in npm run bench (ingestion), not here.
    const r = readHtml(html, 'utf-8');
    expect(r.blocks.filter((b) => b.type === 'note')).toHaveLength(4800);
    expect(r.warnings).toEqual([]);
  });
});
