import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Child processes of a benchmark run. Every process started here is killed when the run ends, however it
 * ends: normal return, a thrown error, Ctrl-C, or an exit from somewhere else. Each child leads its own process
 * group and is killed with its group: `npm start` runs the bot two levels down, and killing npm alone left the bot
 * running (and holding the benchmark's stdout open).
 */
const live = new Set<ChildProcess>();
const exitCleanups = new Set<() => void>();

/** Runs `cleanup` (synchronous) when this process exits, unless the returned function is called first. */
export function onExit(cleanup: () => void): () => void {
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

/** Signals the process group a detached child leads (its pid), or the child alone when the group is gone. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    process.kill(pid, signal);
  }
}

/** Kills every child still running, then runs the exit clean-ups (temporary folders). */
function killAllNow(): void {
  for (const child of live) {
    try {
      if (child.pid) killGroup(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
  for (const cleanup of exitCleanups) {
    try {
      cleanup();
    } catch {
      /* best effort */
    }
  }
  exitCleanups.clear();
}

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAllNow();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

const TAIL_BYTES = 32 * 1024;

export interface NodeChild {
  readonly label: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** The last few KB of stdout and stderr, for error messages. */
  output(): string;
  /** pino lines at warn (40) and at error or above (50, 60), counted as they arrive. */
  readonly logs: { warn: number; error: number };
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `node <args>` with the given environment added to this one's. */
export function spawnNode(label: string, args: string[], env: Record<string, string>, cwd?: string): NodeChild {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (!child.pid) throw new Error(`${label}: could not start node ${args.join(' ')}`);
  live.add(child);
  let tail = '';
  const logs = { warn: 0, error: 0 };
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    for (const match of text.matchAll(/"level":(\d+)/g)) {
      const level = Number(match[1]);
      if (level >= 50) logs.error++;
      else if (level >= 40) logs.warn++;
    }
    tail = (tail + text).slice(-TAIL_BYTES);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? (signal ? -1 : null));
    });
  });
  return {
    label,
    pid: child.pid,
    process: child,
    output: () => tail,
    logs,
    exited,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const signal = (name: NodeJS.Signals) => {
        try {
          killGroup(child.pid!, name);
        } catch {
          /* already gone */
        }
      };
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident and peak memory of a process, in MB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the numeric fields start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
  return ticks / CLOCK_TICKS;
}

/** CPU seconds the whole host has spent busy, and stolen by the hypervisor, from the first line of /proc/stat. */
export function hostCpuSeconds(): { busy: number; steal: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return { busy: (user + nice + system + irq + softirq) / CLOCK_TICKS, steal: steal / CLOCK_TICKS };
}

/** sysconf(_SC_CLK_TCK) is 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `intervalMs` until it returns true; throws with `describe()` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  describe: () => string,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(intervalMs);
  }
}
