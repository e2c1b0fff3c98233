/** How every view names who said a corpus passage and where it stands. */
import { ANONYMOUS } from '../core/corpus/forum.js';
import { LIMIT, safeLine } from './safe.js';

/** The speaker, or "unattributed" for words no one is named for (an anonymous forum poster included). */
export function speakerLabel(speaker: string | null): string {
  return speaker && speaker !== ANONYMOUS ? safeLine(speaker, LIMIT.speaker) : 'unattributed';
}

/** *Title*, location — the location left out when the text gives none. */
export function placeLabel(m: { document: { title: string }; location: string | null }): string {
  return `*${safeLine(m.document.title, LIMIT.title)}*${m.location ? `, ${safeLine(m.location, LIMIT.location)}` : ''}`;
}
