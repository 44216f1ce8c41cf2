/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): the top functions by self time, each with its package or file,
 * the same self time grouped by package/file, and the project's own functions by inclusive time.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 15] [--from <µs> --to <µs>]
 *
 * --from/--to keep only the samples of a time window (monotonic clock, µs), e.g. the load run without start-up.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionCost {
  readonly name: string;
  readonly where: string;
  readonly group: string;
  readonly selfMs: number;
  /** Share of the busy time (everything but idle). */
  readonly selfPct: number;
}

export interface GroupCost {
  readonly group: string;
  readonly selfMs: number;
  readonly selfPct: number;
}

export interface InclusiveCost {
  readonly name: string;
  readonly where: string;
  readonly totalMs: number;
  readonly totalPct: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly wallMs: number;
  readonly busyMs: number;
  readonly idleMs: number;
  readonly topSelf: readonly FunctionCost[];
  readonly groups: readonly GroupCost[];
  /** Functions of the project (src/), by time including their callees. */
  readonly projectInclusive: readonly InclusiveCost[];
  /** Time with at least one frame of the package/file on the stack: what each layer costs, callees included. */
  readonly groupsInclusive: readonly GroupCost[];
}

const ROOT = join(__dirname, '..');

/**
 * `botbuilder-core`, `@azure/core-rest-pipeline`, `src/core/text-analyzer.js`, `node:streams`; code without a script
 * (V8 builtins, native bindings, GC) by its own name: `(garbage collector)`, `native writev`, `native RegExp: ...`.
 */
export function groupOf(url: string, functionName = ''): string {
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  if (url.startsWith('node:')) return url.startsWith('node:internal/') ? `node:${url.slice('node:internal/'.length).split('/')[0]}` : url;
  const path = url.replace(/^file:\/\//, '');
  const nodeModules = path.lastIndexOf(`${sep}node_modules${sep}`);
  if (nodeModules >= 0) {
    const rest = path.slice(nodeModules + '/node_modules/'.length).split(sep);
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const fromRoot = relative(ROOT, path);
  return fromRoot.startsWith('..') ? path : fromRoot.replace(/^dist\//, '');
}

function whereOf(frame: CallFrame): string {
  if (!frame.url) return '(no script)';
  const group = groupOf(frame.url);
  const file = frame.url.replace(/^file:\/\//, '');
  const tail = file.includes('/node_modules/') ? file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length) : group;
  return `${tail}:${frame.lineNumber + 1}`;
}

const IDLE = new Set(['(idle)']);

export interface SummaryOptions {
  readonly top?: number;
  /** Only samples taken in this window, in µs of the monotonic clock (process.hrtime of any process on the host). */
  readonly fromUs?: number;
  readonly toUs?: number;
}

export function summariseProfile(file: string, options: SummaryOptions = {}): ProfileSummary {
  const { top = 15, fromUs = -Infinity, toUs = Infinity } = options;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // A sample's time is the gap to the next sample; the last one gets the mean gap.
  const selfUs = new Map<number, number>();
  const deltas = profile.timeDeltas;
  const meanGap = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += deltas[i] ?? 0;
    if (at < fromUs || at > toUs) return;
    const gap = i + 1 < deltas.length ? deltas[i + 1]! : meanGap;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, gap));
  });

  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    if (IDLE.has(byId.get(id)!.callFrame.functionName)) idleUs += us;
  }
  const busyUs = totalUs - idleUs;

  // Self time per function (name + location), over every node of it in the call tree.
  const functions = new Map<string, { frame: CallFrame; us: number }>();
  const groups = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (IDLE.has(frame.functionName)) continue;
    const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;
    const entry = functions.get(key) ?? { frame, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const group = groupOf(frame.url, frame.functionName);
    groups.set(group, (groups.get(group) ?? 0) + us);
  }

  // Inclusive time per function: each sample counts once for every distinct function on its stack.
  const inclusive = new Map<string, { frame: CallFrame; us: number }>();
  const groupsInclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (IDLE.has(byId.get(id)!.callFrame.functionName)) continue;
    const seen = new Set<string>();
    const seenGroups = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const frame = byId.get(node)!.callFrame;
      const group = groupOf(frame.url);
      if (frame.url && !seenGroups.has(group)) {
        seenGroups.add(group);
        groupsInclusive.set(group, (groupsInclusive.get(group) ?? 0) + us);
      }
      const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { frame, us: 0 };
      entry.us += us;
      inclusive.set(key, entry);
    }
  }

  const ms = (us: number) => Math.round(us / 100) / 10;
  const pct = (us: number) => Math.round((us / busyUs) * 1000) / 10;
  const isProject = (frame: CallFrame) => /\/(dist\/)?src\//.test(frame.url) && !frame.url.includes('/node_modules/');

  return {
    file,
    wallMs: ms(totalUs),
    busyMs: ms(busyUs),
    idleMs: ms(idleUs),
    topSelf: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ frame, us }) => ({
        name: frame.functionName || '(anonymous)',
        where: whereOf(frame),
        group: groupOf(frame.url, frame.functionName),
        selfMs: ms(us),
        selfPct: pct(us),
      })),
    groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, selfMs: ms(us), selfPct: pct(us) })),
    projectInclusive: [...inclusive.values()]
      .filter(({ frame }) => isProject(frame))
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ frame, us }) => ({ name: frame.functionName || '(anonymous)', where: whereOf(frame), totalMs: ms(us), totalPct: pct(us) })),
    groupsInclusive: [...groupsInclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([group, us]) => ({ group, selfMs: ms(us), selfPct: pct(us) })),
  };
}

export function printProfileSummary(summary: ProfileSummary, groupsShown = 15): void {
  console.log(
    `profile ${summary.file}: ${summary.wallMs} ms sampled, ${summary.busyMs} ms busy, ${summary.idleMs} ms idle (percentages are of busy time)`,
  );
  console.log(`\ntop ${summary.topSelf.length} functions by self time:`);
  console.table(
    summary.topSelf.map((f) => ({ 'self ms': f.selfMs, '%': f.selfPct, function: f.name, 'package/file': f.group, where: f.where })),
  );
  console.log('\nself time by package/file:');
  console.table(summary.groups.slice(0, groupsShown).map((g) => ({ 'package/file': g.group, 'self ms': g.selfMs, '%': g.selfPct })));
  console.log('\ntime with the package/file anywhere on the stack (callees included; rows overlap):');
  console.table(summary.groupsInclusive.slice(0, groupsShown).map((g) => ({ 'package/file': g.group, ms: g.selfMs, '%': g.selfPct })));
  console.log('\nproject functions by inclusive time (with their callees):');
  console.table(summary.projectInclusive.map((f) => ({ 'total ms': f.totalMs, '%': f.totalPct, function: f.name, where: f.where })));
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top 15] [--from <µs> --to <µs>]');
    process.exit(2);
  }
  const flag = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  printProfileSummary(summariseProfile(file, { top: flag('top'), fromUs: flag('from'), toUs: flag('to') }));
}
