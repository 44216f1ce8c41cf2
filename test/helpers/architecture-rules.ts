import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** One source tree's files (paths relative to its root, with /) and what each imports. */
export interface SourceGraph {
  readonly files: readonly string[];
  /** Module specifiers as written, by file. */
  readonly specifiers: ReadonlyMap<string, readonly string[]>;
  /** The files of the tree each file imports (relative specifiers resolved), by file. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
}

const toPosix = (path: string) => path.split(sep).join('/');

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listSources(join(dir, entry.name)) : /\.(?:ts|mts|cts)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.mts`, `${base}.cts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
  return candidates.find((candidate) => existsSync(candidate) && candidate.match(/\.(?:ts|mts|cts)$/));
}

/** Reads every import of every file under `root`: static, type-only, re-exports, require() and import(). */
export function readSourceGraph(root: string): SourceGraph {
  const specifiers = new Map<string, string[]>();
  const edges = new Map<string, string[]>();
  const files = listSources(root);
  for (const file of files) {
    const name = toPosix(relative(root, file));
    const imported = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((ref) => ref.fileName);
    specifiers.set(name, imported);
    edges.set(
      name,
      imported.flatMap((specifier) => {
        const target = specifier.startsWith('.') ? resolveRelative(file, specifier) : undefined;
        return target ? [toPosix(relative(root, target))] : [];
      }),
    );
  }
  return { files: [...specifiers.keys()].sort(), specifiers, edges };
}

const FRAMEWORK = /^(?:botbuilder|botframework-|restify)/;
const FILE_SYSTEM = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);

const inside = (file: string, places: readonly string[]) =>
  places.some((place) => (place.endsWith('/') ? file.startsWith(place) : file === place));

/** "file → botbuilder" for every framework import outside the edge (folders end with /). */
export function frameworkOutsideEdge(graph: SourceGraph, edge: readonly string[]): string[] {
  return graph.files
    .filter((file) => !inside(file, edge))
    .flatMap((file) => (graph.specifiers.get(file) ?? []).filter((s) => FRAMEWORK.test(s)).map((s) => `${file} → ${s}`));
}

/** The files that import a package matching `pattern`. */
export function importersOf(graph: SourceGraph, pattern: RegExp): string[] {
  return graph.files.filter((file) => (graph.specifiers.get(file) ?? []).some((specifier) => pattern.test(specifier)));
}

/**
 * "file → what" for every way a file under `pure` could touch the file system: importing fs or `pathsFile` itself, or
 * importing (at any depth) a file of the tree that does.
 */
export function fileAccessInPureCode(graph: SourceGraph, pure: string, pathsFile: string): string[] {
  const touchesFiles = (file: string) =>
    file === pathsFile || (graph.specifiers.get(file) ?? []).some((specifier) => FILE_SYSTEM.has(specifier));
  const problems: string[] = [];
  for (const file of graph.files.filter((f) => f.startsWith(pure))) {
    const seen = new Set<string>([file]);
    const queue: [string, string[]][] = [[file, [file]]];
    while (queue.length) {
      const [current, via] = queue.shift()!;
      const direct = (graph.specifiers.get(current) ?? []).filter((specifier) => FILE_SYSTEM.has(specifier));
      for (const specifier of direct) problems.push([...via, specifier].join(' → '));
      for (const next of graph.edges.get(current) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        if (next === pathsFile) problems.push([...via, next].join(' → '));
        else if (touchesFiles(next) || (graph.edges.get(next) ?? []).length) queue.push([next, [...via, next]]);
      }
    }
  }
  return [...new Set(problems)];
}

/** Every import cycle, as the files of each strongly connected group (Tarjan), smallest file first. */
export function importCycles(graph: SourceGraph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    indices.set(file, index);
    low.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.edges.get(file) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, indices.get(next)!));
      }
    }
    if (low.get(file) === indices.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      if (group.length > 1 || (graph.edges.get(file) ?? []).includes(file)) cycles.push(group.sort());
    }
  };
  for (const file of graph.files) if (!indices.has(file)) visit(file);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
