import type { Command, Scope } from '../schemas/commands-schema';

export type { Command, CommandId, Scope } from '../schemas/commands-schema';

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
