/**
 * A command for the form tests only (never loaded by the bot): `/propose` posts a Propose button, whose form
 * asks for a motion, a side and a reason, and answers the submission with a reply built from what was typed.
 * Its other buttons open a form slowly, answer a submission with a second form, or open a form with no field,
 * so that the front ends' handling of each can be tested through Discord and through the console alike.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import type { CommandModule, ComponentContext } from '../../src/seam/command.js';
import type { Form } from '../../src/seam/reply.js';
import { LIMIT, safeLine, safeText } from '../../src/views/safe.js';

export interface ProposeOptions {
  /** Awaited by the slow button before its form is returned (a test holds it past the deferral). */
  held?: () => Promise<void>;
  /** Every component context the command gets, in order. */
  seen?: ComponentContext[];
}

/** The proposal form; `customId` says where its submission goes. */
export function proposalForm(customId: string): Form {
  return {
    customId,
    title: 'Propose a motion',
    fields: [
      { id: 'motion', label: 'Motion', style: 'line', minLength: 10, maxLength: 200, placeholder: 'This house believes…' },
      { id: 'side', label: 'Your side (for or against)', style: 'line', maxLength: 7, value: 'for' },
      { id: 'reason', label: 'Why debate it', style: 'paragraph', required: false, maxLength: 500 },
    ],
  };
}

export function proposeCommand(opts: ProposeOptions = {}): CommandModule {
  return {
    data: new SlashCommandBuilder()
      .setName('propose')
      .setDescription('Propose a motion (a command for the form tests)')
      .addBooleanOption((o) => o.setName('form').setDescription('Open the form at once'))
      .addBooleanOption((o) => o.setName('slowly').setDescription('Open the form at once, but slowly')),
    async execute(ctx) {
      if (ctx.options.form === true) return { form: proposalForm('propose:submit') };
      if (ctx.options.slowly === true) {
        await opts.held?.();
        return { form: proposalForm('propose:submit') };
      }
      return {
        content: 'Propose a motion for the next debate.',
        buttons: [[
          { customId: 'propose:open:1', label: 'Propose', style: 'primary' },
          { customId: 'propose:slow', label: 'Propose (slowly)' },
          { customId: 'propose:open:twice', label: 'Propose twice' },
          { customId: 'propose:empty', label: 'An empty form' },
        ]],
      };
    },
    async component(ctx) {
      opts.seen?.push(ctx);
      const [action, arg] = ctx.args;
      if (action === 'open') return { form: proposalForm(arg === 'twice' ? 'propose:twice' : `propose:submit:${arg}`) };
      if (action === 'slow') {
        await opts.held?.();
        return { form: proposalForm('propose:submit:slow') };
      }
      if (action === 'empty') return { form: { customId: 'propose:submit', title: 'Nothing to fill in', fields: [] } };
      if (action === 'twice') return { form: proposalForm('propose:submit:again') };
      if (action !== 'submit') return { content: `Unknown action ${safeLine(action ?? '', LIMIT.echo)}.`, ephemeral: true };
      const f = ctx.fields ?? {};
      const side = (f.side ?? '').trim().toLowerCase();
      if (side !== 'for' && side !== 'against') {
        return { content: `Your side must be "for" or "against", not "${safeLine(f.side ?? '', LIMIT.echo)}". Nothing was proposed: press Propose again.`, ephemeral: true };
      }
      const reason = f.reason?.trim() ? safeText(f.reason, LIMIT.reason) : 'none given';
      return { content: `Motion proposed by ${safeLine(ctx.actor.name, LIMIT.name)} (${side}): “${safeLine(f.motion ?? '', LIMIT.heading)}”. Reason: ${reason}` };
    },
  };
}
