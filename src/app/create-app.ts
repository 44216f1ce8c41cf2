import { CardTemplates } from '../cards/card-templates';
import { loadCommandTable } from '../core/commands';
import { loadHelpdeskCore } from '../core/helpdesk-core';
import { loadStrings } from '../core/strings';
import { HelpdeskApp } from './helpdesk-app';

/** Loads and validates data/ and cards/ once, at start-up. */
export function createHelpdeskApp(): HelpdeskApp {
  return new HelpdeskApp({
    core: loadHelpdeskCore(),
    cards: CardTemplates.load(),
    strings: loadStrings(),
    commands: loadCommandTable(),
  });
}
