/**
 * Reads protocol/vectors/*.json (format: protocol/vectors/README.md) for the unit tests, expanding
 * the macros that keep long inputs short exactly as the Java runner does
 * (protocol/src/test/java/io/peerhub/protocol/vectors/VectorFiles.java). Test-only: never bundled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared folder, seen from this file (web-client/src/vectors → protocol/vectors). */
export const VECTORS_DIR = resolve(import.meta.dirname, '../../../protocol/vectors');

export type Case = Record<string, unknown> & { name: string };
export interface Vector {
  file: string;
  kind: string;
  name: string;
  body: Case;
}

export function loadVectors(dir = VECTORS_DIR): Vector[] {
  const out: Vector[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    out.push(...parseVectorFile(file, JSON.parse(readFileSync(join(dir, file), 'utf8'))));
  }
  return out;
}

export function parseVectorFile(file: string, tree: { kind?: unknown; cases?: unknown }): Vector[] {
  if (typeof tree.kind !== 'string' || !Array.isArray(tree.cases)) throw new Error(`${file}: needs a kind and a list of cases`);
  const names = new Set<string>();
  return tree.cases.map((c: Case) => {
    if (typeof c.name !== 'string' || c.name.length === 0 || names.has(c.name)) {
      throw new Error(`${file}: every case needs a name of its own (${String(c.name)})`);
    }
    names.add(c.name);
    return { file, kind: tree.kind as string, name: c.name, body: expand(c) as Case };
  });
}

/**
 * `{"$repeat": s, "times": n}`, `{"$concat": [...]}`, `{"$each": n, "from"?: k, "item": T}`
 * (T n times, `{i}` in its strings replaced by the index).
 */
export function expand(node: unknown, index?: string): unknown {
  if (typeof node === 'string') return index === undefined ? node : node.replaceAll('{i}', index);
  if (Array.isArray(node)) return node.map((item) => expand(item, index));
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if ('$repeat' in o) return (expand(o.$repeat, index) as string).repeat(o.times as number);
  if ('$concat' in o) return (o.$concat as unknown[]).map((part) => expand(part, index) as string).join('');
  if ('$each' in o) {
    const from = typeof o.from === 'number' ? o.from : 0;
    return Array.from({ length: o.$each as number }, (_, i) => expand(o.item, String(from + i)));
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, expand(v, index)]));
}
