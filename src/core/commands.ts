import { join } from 'node:path';
import { compileSchema, describeAjvError, readJsonFile } from '../catalog/validate-json';
import type { Localized } from '../catalog/types';
import { HelpdeskError } from '../errors';
import { DATA_DIR } from '../paths';

export type Scope = 'personal' | 'team' | 'groupChat';
export type CommandId = 'help' | 'tickets' | 'setHelpdeskChannel' | 'stats';

export interface Command {
  readonly id: CommandId;
  readonly names: readonly string[];
  readonly scopes: readonly Scope[];
  readonly title: Localized;
  readonly description: Localized;
}

/** Lower-case, single spaces, no trailing punctuation: "Help!" and "帮助。" are both commands. */
function normalizeCommandText(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[/!]/, '')
    .replace(/[.!?。！？]+$/, '');
}

/** The command table in data/commands.json: routing, the help card and the manifest all read it. */
export class CommandTable {
  private readonly byName: ReadonlyMap<string, Command>;

  constructor(readonly commands: readonly Command[]) {
    this.byName = new Map(commands.flatMap((command) => command.names.map((name) => [normalizeCommandText(name), command] as const)));
  }

  /** The command a message is, if the whole message is one of its names. */
  find(text: string): Command | undefined {
    if (text.length > 64) return undefined;
    return this.byName.get(normalizeCommandText(text));
  }

  forScope(scope: Scope): Command[] {
    return this.commands.filter((command) => command.scopes.includes(scope));
  }
}

export function loadCommandTable(path = join(DATA_DIR, 'commands.json')): CommandTable {
  const validate = compileSchema<{ commands: Command[] }>(join(DATA_DIR, 'commands.schema.json'), 'DATA_INVALID');
  const json = readJsonFile(path, 'DATA_INVALID');
  if (!validate(json)) throw new HelpdeskError('DATA_INVALID', `${path}: ${(validate.errors ?? []).map(describeAjvError).join('; ')}`);
  return new CommandTable(json.commands);
}
