/**
 * The stand-in command set for tests/e2e/discord/forms.test.ts (COMMANDS_DIR names this folder): the form tests'
 * /propose, loaded by the real bot as it loads commands/.
 */
import { proposeCommand } from '../../../discord/form-command.js';

const propose = proposeCommand();
export const data = propose.data;
export const execute = propose.execute.bind(propose);
export const component = propose.component!.bind(propose);
