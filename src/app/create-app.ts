import { CardTemplates } from '../cards/card-templates';
import { loadCommandTable } from '../core/commands';
import { loadHelpdeskCore } from '../core/helpdesk-core';
import { loadStrings } from '../core/strings';
import { HelpdeskApp, type HelpdeskAppDeps } from './helpdesk-app';

/**
 * Loads and validates data/ and cards/ once, at start-up. With tickets, answers can be escalated;
 * with a sign-in lookup, questions are answered from the sign-in logs too.
 */
export function createHelpdeskApp(tickets?: HelpdeskAppDeps['tickets'], signInLookup?: HelpdeskAppDeps['signInLookup']): HelpdeskApp {
  return new HelpdeskApp({
    core: loadHelpdeskCore(),
    cards: CardTemplates.load(),
    strings: loadStrings(),
    commands: loadCommandTable(),
    ...(tickets && { tickets }),
    ...(signInLookup && { signInLookup }),
  });
}
