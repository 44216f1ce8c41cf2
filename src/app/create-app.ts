import { CardTemplates } from '../cards/card-templates';
import { loadCommandTable } from '../core/commands';
import { loadHelpdeskCore, type CoreOptions } from '../core/helpdesk-core';
import { loadStrings } from '../core/strings';
import { HelpdeskApp, type HelpdeskAppDeps } from './helpdesk-app';

/** Loads and validates data/, cards/ and the organisation's overrides once, at start-up. With tickets, answers can be escalated. */
export function createHelpdeskApp(tickets?: HelpdeskAppDeps['tickets'], options: CoreOptions = {}): HelpdeskApp {
  return new HelpdeskApp({
    core: loadHelpdeskCore(options),
    cards: CardTemplates.load(),
    strings: loadStrings(),
    commands: loadCommandTable(),
    ...(tickets && { tickets }),
  });
}
