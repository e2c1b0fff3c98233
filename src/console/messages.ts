/**
 * The console's messages with buttons, numbered as they appear, so that `/press N` and `/press <message> N`
 * press them as Discord would let their reader: a public message's buttons by anyone, an ephemeral reply's
 * only by whoever got it. Held for this run only: the messages of an earlier run are no longer on screen.
 */
import type { Button } from '../seam/reply.js';

export interface ShownMessage {
  /** The number shown beside its buttons. */
  no: number;
  channel: string;
  /** Who alone sees it (an ephemeral reply), or null for everyone. */
  ownerId: string | null;
  buttons: Button[];
}

export type Pressed = { message: ShownMessage; button: Button } | { refusal: string };

export class MessageBoard {
  private readonly messages: ShownMessage[] = [];
  private readonly posted = new Map<string, ShownMessage>();

  /** Records a message shown; it gets a number when it has buttons (null otherwise). `postId`: the gateway's id. */
  shown(channel: string, ownerId: string | null, buttons: Button[], postId?: string): ShownMessage | null {
    if (buttons.length === 0) return null;
    const message = { no: this.messages.length + 1, channel, ownerId, buttons };
    this.messages.push(message);
    if (postId) this.posted.set(postId, message);
    return message;
  }

  /** A posted message was edited: its buttons become the new ones (it keeps its number). */
  edited(channel: string, postId: string, buttons: Button[]): ShownMessage | null {
    const message = this.posted.get(postId);
    if (!message) return this.shown(channel, null, buttons, postId);
    message.buttons = buttons;
    return message;
  }

  /**
   * The button `buttonNo` (from 1) of message `messageNo`, or of the latest message with buttons in `channel`
   * that `actorId` can see; or why there is none.
   */
  press(actorId: string, channel: string, buttonNo: number, messageNo?: number): Pressed {
    const visible = (m: ShownMessage) => m.ownerId === null || m.ownerId === actorId;
    let message: ShownMessage | undefined;
    if (messageNo !== undefined) {
      message = this.messages[messageNo - 1];
      if (!message || !visible(message)) return { refusal: `There is no message ${messageNo} with buttons that you can see. Its number is shown beside its buttons.` };
      if (message.buttons.length === 0) return { refusal: `Message ${messageNo} has no buttons any more.` };
    } else {
      message = [...this.messages].reverse().find((m) => m.channel === channel && m.buttons.length > 0 && visible(m));
      if (!message) return { refusal: `There are no buttons you can press in #${channel}. To press one of another message: /press <message> N (its number is shown beside its buttons).` };
    }
    const button = message.buttons[buttonNo - 1];
    const offered = message.buttons.map((b, i) => `[${i + 1}] ${b.label}`).join(', ');
    if (!button) return { refusal: `Message ${message.no} has no button ${buttonNo}; it has ${offered}.` };
    if (button.disabled) return { refusal: `Button ${buttonNo} (${button.label}) of message ${message.no} is disabled.` };
    return { message, button };
  }
}
