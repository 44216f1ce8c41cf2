import type { Command, Feature, Scope } from '../schemas/commands-schema';

export type { Command, CommandId, Feature, Scope } from '../schemas/commands-schema';

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

/** The message without its outer white space and a leading `/` or `!`, case kept (arguments keep theirs). */
function withoutCommandPrefix(text: string): string {
  return text.normalize('NFKC').trim().replace(/^[/!]/, '');
}

/** The command table in data/commands.json: routing, the help card and the manifest all read it. */
export class CommandTable {
  private readonly byName: ReadonlyMap<string, Command>;

  /** The first character of every name of a command that takes an argument: most messages start with none of them. */
  private readonly argumentHeads: ReadonlySet<string>;

  constructor(readonly commands: readonly Command[]) {
    this.byName = new Map(commands.flatMap((command) => command.names.map((name) => [normalizeCommandText(name), command] as const)));
    this.argumentHeads = new Set(
      commands.filter((command) => command.argument).flatMap((command) => command.names.map((name) => name.toLowerCase()[0] ?? '')),
    );
  }

  /** The command a message is, if the whole message is one of its names. */
  find(text: string): Command | undefined {
    if (text.length > 64) return undefined;
    return this.byName.get(normalizeCommandText(text));
  }

  /**
   * A command that takes an argument, and the argument: the message starts with one of its names, then a space
   * (or nothing, after a Chinese name: 登录记录bob@contoso.com). The argument keeps its case.
   */
  findWithArgument(text: string): { command: Command; argument: string } | undefined {
    // Only the start can match: a message whose first character starts no name is not normalised whole (it may be 20 KB).
    const head = withoutCommandPrefix(text.trimStart().slice(0, 8)).toLowerCase()[0];
    if (head === undefined || !this.argumentHeads.has(head)) return undefined;
    const trimmed = withoutCommandPrefix(text);
    if (trimmed.length > 300) return undefined;
    const lower = trimmed.toLowerCase();
    for (const command of this.commands.filter((candidate) => candidate.argument)) {
      for (const name of command.names) {
        if (!lower.startsWith(name.toLowerCase())) continue;
        const rest = trimmed.slice(name.length);
        if (rest && (/^\s/.test(rest) || name.charCodeAt(name.length - 1) > 0x7f)) return { command, argument: rest.trim() };
      }
    }
    return undefined;
  }

  /** The commands of a scope; with `features`, those of optional features that are off are left out. */
  forScope(scope: Scope, features?: ReadonlySet<Feature>): Command[] {
    return this.commands.filter(
      (command) => command.scopes.includes(scope) && (!features || !command.feature || features.has(command.feature)),
    );
  }
}
