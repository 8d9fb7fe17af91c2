/**
 * The tables of docs/protocol.md, each with the heading it sits under, read as the Java suite
 * reads them (protocol/src/test/java/io/peerhub/protocol/vectors/SpecTables.java). Test-only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SPEC_PATH = resolve(import.meta.dirname, '../../../docs/protocol.md');

export interface Table {
  heading: string;
  header: string[];
  rows: string[][];
}

const cells = (line: string) => line.replace(/^\||\|$/g, '').split('|').map((c) => c.trim());

export function parseSpec(text: string): Table[] {
  const lines = text.split('\n');
  const tables: Table[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    else if (line.startsWith('|') && (lines[i + 1] ?? '').trim().startsWith('|---')) {
      const rows: string[][] = [];
      let j = i + 2;
      for (; j < lines.length && lines[j]!.trim().startsWith('|'); j++) rows.push(cells(lines[j]!.trim()));
      tables.push({ heading, header: cells(line), rows });
      i = j - 1;
    }
  }
  return tables;
}

export function readSpec(path = SPEC_PATH): Table[] {
  return parseSpec(readFileSync(path, 'utf8'));
}

/** The table under `heading` whose first column is headed `firstColumn`. */
export function table(tables: Table[], heading: string, firstColumn: string): Table {
  const t = tables.find((x) => x.heading === heading && x.header[0] === firstColumn);
  if (!t) throw new Error(`docs/protocol.md has no table "${firstColumn}" under "${heading}"`);
  return t;
}

export function backticked(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** The backticked words of one column, in row order. */
export function codes(t: Table, column = 0): string[] {
  return t.rows.flatMap((r) => backticked(r[column]!));
}
