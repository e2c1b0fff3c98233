/** A small hand-built corpus: an article quoting three people, and a forum thread quoting a book. */
import { buildCorpus, type Corpus } from '../../../src/core/corpus/corpus.js';
import type { ParsedDocument, Passage, Quotation } from '../../../src/core/types.js';

function passage(documentId: string, n: number, speaker: string | null, text: string): Passage {
  return { id: `${documentId}#p${n}`, documentId, location: `¶ ${n}`, speaker, text, notes: [] };
}

function quotation(p: Passage, n: number, speaker: string | null, text: string, source: string | null, kind: 'inline' | 'block' = 'inline'): Quotation {
  if (!p.text.includes(text)) throw new Error(`fixture: quotation not in its passage: ${text}`);
  return { id: `${p.id}q${n}`, documentId: p.documentId, passageId: p.id, location: p.location, kind, text, speaker, source, foundIn: null, confidence: 0.9 };
}

const a1 = passage('essay', 1, 'Jane Roe', 'Trotsky replied by pointing to the efficiency of repression: “In a period in which… the political struggle swiftly passes into a civil war, the ruling party has sufficient material standard by which to test its line of action. We have suppressed the Mensheviks and the SRs – and they have disappeared. This criterion is sufficient for us.” Needless to say, he did not repeat this criterion later.');
const a2 = passage('essay', 2, 'Jane Roe', 'As his supporter Max Eastman noted, this “was not something new or especially devised… It was part of the essential policy of Lenin for going forward toward the creation of a Communist society.” The resolution of December 1923 stresses this.');
const a3 = passage('essay', 3, 'Jane Roe', 'Stalin did not come down as a gift from heaven to the hapless Russian people. He is merely continuing the Bolshevik traditions, even if in a more relentless manner… I admit, the dictatorship under Stalin’s rule has become monstrous.');
const a4 = passage('essay', 4, 'Jane Roe', 'The opposition never questioned the monopoly of the party,[12] and its leaders always defended the ban on factions of 1921, which they had voted for.');
const a5 = passage('essay', 5, 'Jane Roe', 'Up to now, when we said that what the socialists call the dictatorship of the proletariat is in reality nothing other than the dictatorship of a few men who, with the assistance of a party, place themselves above the proletariat and impose themselves on it, we have been treated as slanderers.');
const a6 = passage('essay', 6, 'Jane Roe', 'When Trotsky wrote: “The historical absurdity of an autocratic bureaucracy cannot and will not endlessly endure,” he was saying an absurd thing. In history there is no absurdity at all.');
const essay: ParsedDocument = {
  meta: { id: 'essay', title: 'The Opposition in Exile', author: 'Jane Roe', kind: 'article', publication: null, date: '2023' },
  passages: [a1, a2, a3, a4, a5, a6],
  quotations: [
    quotation(a1, 1, 'Leon Trotsky', 'In a period in which… the political struggle swiftly passes into a civil war, the ruling party has sufficient material standard by which to test its line of action. We have suppressed the Mensheviks and the SRs – and they have disappeared. This criterion is sufficient for us.', 'Trotsky, Terrorism and Communism, 1920'),
    quotation(a2, 1, 'Max Eastman', 'was not something new or especially devised… It was part of the essential policy of Lenin for going forward toward the creation of a Communist society.', 'Eastman, Since Lenin Died, 1925'),
    quotation(a3, 1, 'Emma Goldman', a3.text, 'Goldman, “Trotsky Protests Too Much”, 1938', 'block'),
    quotation(a5, 1, 'Errico Malatesta', a5.text, 'Malatesta, Umanità Nova, 1920', 'block'),
    quotation(a6, 1, 'Camillo Berneri', a6.text, 'Berneri, 1937', 'block'),
    quotation(a6, 2, 'Leon Trotsky', 'The historical absurdity of an autocratic bureaucracy cannot and will not endlessly endure,', 'Trotsky, 1935'),
  ],
  notes: [],
  warnings: [],
};

const f1 = passage('thread', 1, 'anonymous poster', 'I agree with Leszek Kolakowski, *Main Currents of Marxism*, "But it is not at all clear what Stalin could have done. Russia had no no means of ensuring a German Communist victory in 1923 or a Chinese one in 1926." https://books.google.com/books?id=x');
const f2 = passage('thread', 2, 'Wolfpaw', 'Trotsky was not an idiot, which is something I will stress all the time in talking about him. He knew the Soviets could not win a straight up war against everyone.');
const f3 = passage('thread', 3, 'anonymous poster', 'The Third International of the early days, for which men fought and many died, was in reality a great moral and political force.');
const f4 = passage('thread', 4, 'RedFox1917', 'The grain requisitions turned the villages against the cities long before collectivisation.');
const f5 = passage('thread', 5, 'anonymous poster', 'The kulaks were never a class but a label the party pinned on anyone who resisted.');
const thread: ParsedDocument = {
  meta: { id: 'thread', title: 'USSR under Trotsky', author: null, kind: 'forum', publication: 'forum', date: null },
  passages: [f1, f2, f3, f4, f5],
  quotations: [
    quotation(f1, 1, 'Leszek Kolakowski', 'But it is not at all clear what Stalin could have done. Russia had no no means of ensuring a German Communist victory in 1923 or a Chinese one in 1926.', 'Kolakowski, Main Currents of Marxism'),
    quotation(f3, 1, 'Victor Serge', f3.text, null, 'block'),
  ],
  notes: [],
  warnings: [],
};

/** The fixture corpus. */
export function fixtureCorpus(): Corpus {
  return buildCorpus([essay, thread], 'fixture');
}
