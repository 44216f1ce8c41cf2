import { MemoryStorage } from 'botbuilder';
import { createHelpdeskApp } from '../../src/app/create-app';
import type { HelpdeskApp } from '../../src/app/helpdesk-app';
import { Catalog } from '../../src/catalog/catalog';
import { HelpdeskCore } from '../../src/core/helpdesk-core';
import { loadDefaultHelpdeskData } from '../../src/loading/load-helpdesk-data';
import type { HelpdeskData } from '../../src/schemas/helpdesk-data';
import { TicketStore } from '../../src/tickets/ticket-store';

let data: HelpdeskData | undefined;

/** The project's data/ and cards/, loaded and validated once per test file. */
export function testData(): HelpdeskData {
  return (data ??= loadDefaultHelpdeskData());
}

export function testCatalog(): Catalog {
  return new Catalog(testData().catalog);
}

export function testCore(): HelpdeskCore {
  return HelpdeskCore.fromData(testData());
}

/** The app as start.ts builds it, on an in-memory ticket store unless a test brings its own. */
export function testApp(store = new TicketStore(new MemoryStorage()), onQueued: () => void = () => {}): HelpdeskApp {
  return createHelpdeskApp(testData(), { store, onQueued });
}
