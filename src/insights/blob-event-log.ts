import { randomBytes } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { activityOf, aggregate, hourlyPeopleOf, previousRange } from './aggregate-events';
import { DAY_MS, HOUR_MS, type CodeActivity, type EventLog, type InsightEvent, type Range, type WindowFigures } from './events';

const PREFIX = 'insights/events/';
const SALT_BLOB = 'insights/salt';
const claimBlob = (key: string) => `insights/claims/${encodeURIComponent(key)}`;
/** Appended in pieces well below the 4 MiB an append block may hold. */
const MAX_BLOCK_BYTES = 2 * 1024 * 1024;
/** Blobs downloaded at once when reading a range. */
const READ_CONCURRENCY = 8;

/** `insights/events/2026-01-31/09/<writer>.jsonl`: one append blob per clock hour (UTC) and writer. */
function blobName(at: number, writer: string): string {
  const iso = new Date(at).toISOString();
  return `${PREFIX}${iso.slice(0, 10)}/${iso.slice(11, 13)}/${writer}.jsonl`;
}

/** The hour a blob name holds, as the epoch ms of its start; NaN for anything else. */
function hourOf(name: string): number {
  const match = /^insights\/events\/(\d{4}-\d{2}-\d{2})\/(\d{2})\//.exec(name);
  return match ? Date.parse(`${match[1]}T${match[2]}:00:00Z`) : NaN;
}

/** The HTTP status of an Azure SDK error (a RestError). */
function status(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/**
 * Insight events on Azure Blob Storage, for several instances: each instance appends JSON lines to its own append
 * blob per hour (no two writers share a blob, so no append ever conflicts), and reading a range reads the hours it
 * covers. Retention deletes whole hours. Claims and the salt are small blobs written with If-None-Match / If-Match.
 */
export class BlobEventLog implements EventLog {
  private readonly container: ContainerClient;
  /** This process's name in blob names: instances never append to the same blob. */
  private readonly writer = randomBytes(6).toString('hex');
  private readonly created = new Set<string>();
  private ready: Promise<unknown> | undefined;

  constructor(connectionString: string, containerName: string) {
    // Loaded only when asked for, like the tickets' Blob storage: the Azure SDK is heavy to load for everyone else.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BlobServiceClient } = require('@azure/storage-blob') as typeof import('@azure/storage-blob');
    this.container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
  }

  private ensureContainer(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async append(events: readonly InsightEvent[]): Promise<void> {
    if (!events.length) return;
    await this.ensureContainer();
    const byBlob = new Map<string, string[]>();
    for (const event of events) {
      const name = blobName(event.at, this.writer);
      byBlob.set(name, [...(byBlob.get(name) ?? []), `${JSON.stringify(event)}\n`]);
    }
    for (const [name, lines] of byBlob) {
      const blob = this.container.getAppendBlobClient(name);
      if (!this.created.has(name)) {
        await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'application/x-ndjson' } });
        this.created.add(name);
      }
      let block = '';
      const flush = async () => {
        if (!block) return;
        const body = Buffer.from(block);
        await blob.appendBlock(body, body.length);
        block = '';
      };
      for (const line of lines) {
        if (Buffer.byteLength(block) + Buffer.byteLength(line) > MAX_BLOCK_BYTES) await flush();
        block += line;
      }
      await flush();
    }
    // Names of past hours are never appended to again by this writer: forget them.
    const currentHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    for (const name of this.created) if (hourOf(name) < currentHour - HOUR_MS) this.created.delete(name);
  }

  /** The names of the blobs of the hours that overlap the range: a listing per day when the range is a few days. */
  private async blobNames(range: Range): Promise<string[]> {
    const firstDay = Math.floor(range.from / DAY_MS);
    const lastDay = Math.floor(Math.min(range.to, Date.now() + DAY_MS) / DAY_MS);
    const prefixes =
      lastDay - firstDay < 7
        ? Array.from(
            { length: lastDay - firstDay + 1 },
            (_, i) => `${PREFIX}${new Date((firstDay + i) * DAY_MS).toISOString().slice(0, 10)}/`,
          )
        : [PREFIX];
    const names: string[] = [];
    for (const prefix of prefixes) {
      for await (const blob of this.container.listBlobsFlat({ prefix })) {
        const hour = hourOf(blob.name);
        if (hour + HOUR_MS > range.from && hour < range.to) names.push(blob.name);
      }
    }
    return names;
  }

  /** Every event in the blobs of the hours that overlap the range (callers filter by time). */
  private async read(range: Range): Promise<InsightEvent[]> {
    await this.ensureContainer();
    const names = await this.blobNames(range);
    const events: InsightEvent[] = [];
    for (let i = 0; i < names.length; i += READ_CONCURRENCY) {
      const texts = await Promise.all(
        names.slice(i, i + READ_CONCURRENCY).map(async (name) => {
          try {
            return (await this.container.getBlobClient(name).downloadToBuffer()).toString('utf8');
          } catch (error) {
            if (status(error) === 404) return ''; // deleted by retention meanwhile
            throw error;
          }
        }),
      );
      for (const text of texts) {
        for (const line of text.split('\n')) if (line) events.push(JSON.parse(line) as InsightEvent);
      }
    }
    return events.sort((a, b) => a.at - b.at);
  }

  async figures(window: Range): Promise<WindowFigures> {
    return aggregate(await this.read({ from: previousRange(window).from, to: window.to }), window);
  }

  async activity(codes: readonly number[], since: number): Promise<CodeActivity[]> {
    return activityOf(await this.read({ from: since, to: Number.MAX_SAFE_INTEGER }), codes, since);
  }

  async hourlyPeople(code: number, range: Range): Promise<number> {
    return hourlyPeopleOf(await this.read(range), code, range);
  }

  /** Deletes the hours that ended before `before`; returns how many blobs went. */
  async deleteBefore(before: number): Promise<number> {
    await this.ensureContainer();
    let deleted = 0;
    for await (const blob of this.container.listBlobsFlat({ prefix: PREFIX })) {
      if (hourOf(blob.name) + HOUR_MS <= before) {
        await this.container.deleteBlob(blob.name, { deleteSnapshots: 'include' }).catch((error: unknown) => {
          if (status(error) !== 404) throw error;
        });
        deleted++;
      }
    }
    return deleted;
  }

  async claim(key: string, now: number, holdMs: number): Promise<boolean> {
    await this.ensureContainer();
    const blob = this.container.getBlockBlobClient(claimBlob(key));
    const body = JSON.stringify({ until: now + holdMs });
    try {
      await blob.upload(body, Buffer.byteLength(body), { conditions: { ifNoneMatch: '*' } });
      return true;
    } catch (error) {
      if (status(error) !== 409 && status(error) !== 412) throw error;
    }
    const current = await blob.download();
    const { until } = JSON.parse((await streamText(current.readableStreamBody)) || '{}') as { until?: number };
    if (until !== undefined && until > now) return false;
    try {
      await blob.upload(body, Buffer.byteLength(body), { conditions: { ifMatch: current.etag } });
      return true;
    } catch (error) {
      if (status(error) === 412) return false; // another instance took it in between
      throw error;
    }
  }

  async salt(preferred?: string): Promise<string> {
    if (preferred) return preferred;
    await this.ensureContainer();
    const blob = this.container.getBlockBlobClient(SALT_BLOB);
    const fresh = randomBytes(32).toString('base64url');
    try {
      await blob.upload(fresh, fresh.length, { conditions: { ifNoneMatch: '*' } });
      return fresh;
    } catch (error) {
      if (status(error) !== 409 && status(error) !== 412) throw error;
    }
    return (await blob.downloadToBuffer()).toString('utf8');
  }

  async close(): Promise<void> {}
}

async function streamText(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
