import { z } from 'zod/v4';
import { fileHeader, type DeepReadonly } from './common';

/** Each id has a route in src/app/routes.ts. */
export const COMMAND_IDS = ['help', 'tickets', 'setHelpdeskChannel', 'mySignIns', 'signIns', 'stats'] as const;
export type CommandId = (typeof COMMAND_IDS)[number];
export const SCOPES = ['personal', 'team', 'groupChat'] as const;
export type Scope = (typeof SCOPES)[number];
/** Optional features a command belongs to: the help card lists it only when the feature is on. */
export const FEATURES = ['signInLogs'] as const;
export type Feature = (typeof FEATURES)[number];

/** Teams' limits for a manifest command's title and description. */
const title = z.string().min(1).max(32);
const description = z.string().min(1).max(128);

export const commandSchema = z.strictObject({
  id: z.enum(COMMAND_IDS),
  argument: z.boolean().optional().describe('The command takes what follows its name as an argument (e.g. sign-ins bob@contoso.com).'),
  feature: z.enum(FEATURES).optional().describe('Listed on the help card only when this optional feature is switched on.'),
  names: z.array(z.string().min(1)).min(1),
  scopes: z.array(z.enum(SCOPES)).min(1),
  title: z.strictObject({ en: title, zh: title }),
  description: z.strictObject({ en: description, zh: description }),
});

export const commandsFileSchema = z.strictObject({ ...fileHeader, commands: z.array(commandSchema).min(1) }).meta({
  title: 'Sign-in Helpdesk commands',
});

export type Command = DeepReadonly<z.infer<typeof commandSchema>>;
