import { createHelpdeskApp } from '../../src/app/create-app';
import { Strings } from '../../src/core/strings';
import type { HelpdeskApp } from '../../src/app/helpdesk-app';
import { Catalog } from '../../src/catalog/catalog';
import { HelpdeskCore } from '../../src/core/helpdesk-core';
import { loadDefaultHelpdeskData } from '../../src/loading/load-helpdesk-data';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import type { HelpdeskData } from '../../src/schemas/helpdesk-data';
import { TicketStore } from '../../src/tickets/ticket-store';

let data: HelpdeskData | undefined;

/** The project's data/ and cards/, loaded and validated once per test file; with an overrides file, loaded anew. */
export function testData(overridesPath?: string): HelpdeskData {
  if (overridesPath) return loadDefaultHelpdeskData({ overridesPath });
  return (data ??= loadDefaultHelpdeskData());
}

export function testStrings(): Strings {
  return new Strings(testData().strings);
}

export function testCatalog(): Catalog {
  return new Catalog(testData().catalog);
}

export function testCore(overridesPath?: string): HelpdeskCore {
  return HelpdeskCore.fromData(testData(overridesPath));
}

/** The app as start.ts builds it, on a ticket store in SQLite in memory unless a test brings its own. */
export function testApp(
  store = new TicketStore(new SqliteStorage(':memory:')),
  options: Parameters<typeof createHelpdeskApp>[2] = {},
): HelpdeskApp {
  return createHelpdeskApp(testData(), { store, onQueued: () => {} }, options);
}
