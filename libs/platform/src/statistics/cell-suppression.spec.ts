import fc from 'fast-check';
import loadHighs from 'highs';

import { CountCell, MIN_CELL_SIZE, ProtectedTable, suppressSmallCells } from './cell-suppression';

const oneWay = (counts: Record<string, number>): CountCell[] =>
  Object.entries(counts).map(([value, count]) => ({ key: [value], count }));
const twoWay = (rows: Record<string, number[]>): CountCell[] =>
  Object.entries(rows).flatMap(([row, counts]) =>
    counts.map((count, column) => ({ key: [row, `c${column + 1}`], count })),
  );

/** `key=count` of what a reader sees, `key=x` (primary) or `key=X` (secondary) where hidden. */
const shown = (table: ProtectedTable): string[] =>
  [...table.cells, ...table.totals].map(({ key, count, suppressed }) => {
    const name = key.map((value) => value ?? '*').join(',');
    return `${name}=${suppressed === 'primary' ? 'x' : suppressed === 'secondary' ? 'X' : count}`;
  });

describe('suppressSmallCells', () => {
  it('hides a small cell of a one-way table and the next smallest, since the total is published', () => {
    const table = suppressSmallCells(oneWay({ Tabasco: 12, Chiapas: 3, Veracruz: 20 }));
    expect(table).toEqual({
      minCellSize: 5,
      cells: [
        { key: ['Tabasco'], count: null, suppressed: 'secondary' },
        { key: ['Chiapas'], count: null, suppressed: 'primary' },
        { key: ['Veracruz'], count: 20, suppressed: null },
      ],
      totals: [{ key: [null], count: 35, suppressed: null }],
    });
  });

  it('hides nothing when every cell is 5 or more', () => {
    const table = suppressSmallCells(twoWay({ r1: [5, 10], r2: [7, 5] }));
    expect(shown(table)).toEqual([
      'r1,c1=5',
      'r1,c2=10',
      'r2,c1=7',
      'r2,c2=5',
      '*,*=27',
      'r1,*=15',
      'r2,*=12',
      '*,c1=12',
      '*,c2=15',
    ]);
  });

  it('lets a hiding in a row force more in the columns it crosses', () => {
    const table = suppressSmallCells(twoWay({ r1: [3, 10, 20], r2: [8, 9, 30] }));
    expect(shown(table)).toEqual([
      'r1,c1=x',
      'r1,c2=X',
      'r1,c3=20',
      'r2,c1=X',
      'r2,c2=X',
      'r2,c3=30',
      '*,*=80',
      'r1,*=33',
      'r2,*=47',
      '*,c1=11',
      '*,c2=19',
      '*,c3=50',
    ]);
  });

  it('publishes zeros and never hides one to protect another cell', () => {
    expect(shown(suppressSmallCells(oneWay({ a: 0, b: 3, c: 7, d: 0 })))).toEqual(['a=0', 'b=x', 'c=X', 'd=0', '*=10']);
    expect(shown(suppressSmallCells(oneWay({ a: 3, b: 0, c: 0 })))).toEqual(['a=x', 'b=0', 'c=0', '*=x']);
    expect(shown(suppressSmallCells(oneWay({ a: 0, b: 0 })))).toEqual(['a=0', 'b=0', '*=0']);
  });

  it('hides small totals, and the total above them where no category can lend a range', () => {
    const table = suppressSmallCells(twoWay({ r1: [3, 0], r2: [0, 40] }));
    expect(shown(table)).toEqual([
      'r1,c1=x',
      'r1,c2=0',
      'r2,c1=0',
      'r2,c2=40',
      '*,*=X',
      'r1,*=x',
      'r2,*=40',
      '*,c1=x',
      '*,c2=40',
    ]);
  });

  it('honours a larger minCellSize', () => {
    expect(shown(suppressSmallCells(oneWay({ a: 12, b: 7, c: 9, d: 30 }), { minCellSize: 10 }))).toEqual([
      'a=12',
      'b=x',
      'c=x',
      'd=30',
      '*=58',
    ]);
    expect(shown(suppressSmallCells(oneWay({ a: 12, b: 7, c: 30 }), { minCellSize: 10 }))).toEqual([
      'a=X',
      'b=x',
      'c=30',
      '*=49',
    ]);
  });

  it('breaks ties by key, not by the order of the input', () => {
    expect(shown(suppressSmallCells(oneWay({ x: 3, b: 8, a: 8 })))).toEqual(['x=x', 'b=8', 'a=X', '*=19']);
  });

  it('keeps hidden what an earlier release hid, with its complement', () => {
    const table = suppressSmallCells(oneWay({ a: 12, b: 30, c: 20 }), { previouslySuppressed: [['a'], ['zz']] });
    expect(shown(table)).toEqual(['a=X', 'b=30', 'c=X', '*=62']);
  });

  it('answers an empty table with no cells and no totals', () => {
    expect(suppressSmallCells([])).toEqual({ minCellSize: 5, cells: [], totals: [] });
  });

  it.each([
    ['a minCellSize under 5', oneWay({ a: 3 }), { minCellSize: 4 }],
    ['a fractional minCellSize', oneWay({ a: 3 }), { minCellSize: 5.5 }],
    ['a negative count', oneWay({ a: -1 }), {}],
    ['a fractional count', oneWay({ a: 1.5 }), {}],
    ['keys of different lengths', [...oneWay({ a: 1 }), { key: ['b', 'c'], count: 2 }], {}],
    ['an empty key', [{ key: [], count: 2 }], {}],
    ['the same key twice', [...oneWay({ a: 1 }), ...oneWay({ a: 2 })], {}],
  ])('refuses %s', (_, cells, options) => {
    expect(() => suppressSmallCells(cells, options)).toThrow(RangeError);
  });
});

describe('suppressSmallCells, for any table', () => {
  const count = fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 5, max: 15 }),
    fc.integer({ min: 16, max: 300 }),
  );
  /** Up to three dimensions of up to five values; some combinations absent, as in a sparse group-by. */
  const tables = fc
    .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 })
    .chain((sizes) => {
      const keys = sizes.reduce<string[][]>(
        (partial, size) => partial.flatMap((key) => Array.from({ length: size }, (_, value) => [...key, `v${value}`])),
        [[]],
      );
      return fc
        .array(fc.option(count, { freq: 5 }), { minLength: keys.length, maxLength: keys.length })
        .map((counts) => keys.flatMap((key, index) => (counts[index] === null ? [] : [{ key, count: counts[index] }])));
    })
    .filter((cells) => cells.length > 0);
  const minCellSizes = fc.integer({ min: MIN_CELL_SIZE, max: 12 });

  const entries = (table: ProtectedTable) => [...table.cells, ...table.totals];
  const matches = (total: (string | null)[], key: string[]) =>
    total.every((value, i) => value === null || value === key[i]);

  it('publishes no count under minCellSize but zeros, and publishes true counts and sums', () => {
    fc.assert(
      fc.property(tables, minCellSizes, (cells, minCellSize) => {
        const table = suppressSmallCells(cells, { minCellSize });
        table.cells.forEach((cell, index) => {
          expect(cell.key).toEqual(cells[index].key);
          expect(cell.count === null).toBe(cell.suppressed !== null);
          if (cell.count !== null) expect(cell.count).toBe(cells[index].count);
          if (cells[index].count === 0) expect(cell.suppressed).toBeNull();
        });
        for (const total of table.totals) {
          const sum = cells.filter((cell) => matches(total.key, cell.key)).reduce((acc, cell) => acc + cell.count, 0);
          expect(total.count === null ? total.suppressed !== null && sum > 0 : total.count === sum).toBe(true);
        }
        for (const entry of entries(table)) {
          if (entry.count !== null && entry.count !== 0) expect(entry.count).toBeGreaterThanOrEqual(minCellSize);
        }
      }),
    );
  });

  it('leaves no row, column or other line with exactly one hidden value', () => {
    fc.assert(
      fc.property(tables, minCellSizes, (cells, minCellSize) => {
        const table = suppressSmallCells(cells, { minCellSize });
        const all = entries(table);
        const dimensions = cells[0].key.length;
        expect(table.totals).toHaveLength(new Set(cells.flatMap((cell) => subsetsOf(cell.key))).size);
        for (let along = 0; along < dimensions; along++) {
          const hiddenByLine = new Map<string, number>();
          for (const entry of all) {
            const line = JSON.stringify(entry.key.map((value, i) => (i === along ? 0 : value)));
            hiddenByLine.set(line, (hiddenByLine.get(line) ?? 0) + (entry.suppressed === null ? 0 : 1));
          }
          expect([...hiddenByLine.values()]).not.toContain(1);
        }
      }),
    );
  });

  it('gives the same answer for the same table, in any order', () => {
    fc.assert(
      fc.property(
        tables.chain((cells) => fc.tuple(fc.constant(cells), fc.shuffledSubarray(cells, { minLength: cells.length }))),
        minCellSizes,
        ([cells, shuffled], minCellSize) => {
          const table = suppressSmallCells(cells, { minCellSize });
          expect(suppressSmallCells(cells, { minCellSize })).toEqual(table);
          const byKey = (result: ProtectedTable) =>
            Object.fromEntries(entries(result).map((entry) => [JSON.stringify(entry.key), entry]));
          expect(byKey(suppressSmallCells(shuffled, { minCellSize }))).toEqual(byKey(table));
        },
      ),
    );
  });

  it('changes nothing when run again with its own pattern', () => {
    fc.assert(
      fc.property(tables, minCellSizes, (cells, minCellSize) => {
        const table = suppressSmallCells(cells, { minCellSize });
        const previouslySuppressed = entries(table)
          .filter((entry) => entry.suppressed !== null)
          .map((entry) => entry.key);
        expect(suppressSmallCells(cells, { minCellSize, previouslySuppressed })).toEqual(table);
      }),
    );
  });
});

/**
 * The attacker's problem, solved: for every hidden value, the least and the greatest value it can
 * take given every published cell and total, the additivity of every line (its categories sum to
 * its total) and that hidden values are whole numbers of at least 1 (zeros are published). Solved
 * as integer programs by HiGHS; the cell-suppression rule holds when max - min >= minCellSize.
 */
describe('suppressSmallCells, audited by an attacker with a linear-programming solver', () => {
  let highs: Awaited<ReturnType<typeof loadHighs>>;
  beforeAll(async () => {
    highs = await loadHighs();
  });

  const count = fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 5, max: 15 }),
    fc.integer({ min: 16, max: 60 }),
  );
  const tablesOf = (dimensions: number, maxSize: number) =>
    fc
      .array(fc.integer({ min: 1, max: maxSize }), { minLength: dimensions, maxLength: dimensions })
      .chain((sizes) => {
        const keys = sizes.reduce<string[][]>(
          (partial, size) =>
            partial.flatMap((key) => Array.from({ length: size }, (_, value) => [...key, `v${value}`])),
          [[]],
        );
        return fc
          .array(fc.option(count, { freq: 6 }), { minLength: keys.length, maxLength: keys.length })
          .map((counts) =>
            keys.flatMap((key, index) => (counts[index] === null ? [] : [{ key, count: counts[index] }])),
          );
      })
      .filter((cells) => cells.length > 0);

  /** [min, max] of every hidden value, by key; max is Infinity when nothing bounds it. */
  function feasibleRanges(cells: CountCell[], table: ProtectedTable): Map<string, [number, number]> {
    const entries = [...table.cells, ...table.totals];
    const variable = new Map(
      entries.filter((entry) => entry.count === null).map((entry, index) => [JSON.stringify(entry.key), `x${index}`]),
    );
    const published = new Map(entries.map((entry) => [JSON.stringify(entry.key), entry.count]));
    const dimensions = cells[0].key.length;
    const constraints: string[] = [];
    // Each line along each dimension: its categories sum to its total.
    for (const total of entries.filter((entry) => entry.key.includes(null))) {
      total.key.forEach((value, along) => {
        if (value !== null) return;
        const parts = entries.filter(
          (entry) =>
            entry.key[along] !== null &&
            entry.key.every((own, dimension) => dimension === along || own === total.key[dimension]),
        );
        const terms: string[] = [];
        let constant = 0;
        for (const [entry, sign] of [...parts.map((part) => [part, 1] as const), [total, -1] as const]) {
          const name = variable.get(JSON.stringify(entry.key));
          if (name) terms.push(`${sign > 0 ? '+' : '-'} ${name}`);
          else constant += sign * published.get(JSON.stringify(entry.key))!;
        }
        if (terms.length > 0) constraints.push(`c${constraints.length}: ${terms.join(' ')} = ${-constant}`);
      });
    }
    expect(dimensions).toBeGreaterThan(0);
    const names = [...variable.values()];
    const model = (sense: 'Minimize' | 'Maximize', name: string) =>
      [
        sense,
        ` obj: ${name}`,
        'Subject To',
        ...(constraints.length > 0 ? constraints.map((line) => ` ${line}`) : [` c0: ${name} >= 1`]),
        'Bounds',
        ...names.map((other) => ` ${other} >= 1`),
        'General',
        ` ${names.join(' ')}`,
        'End',
      ].join('\n');
    const ranges = new Map<string, [number, number]>();
    for (const [key, name] of variable) {
      const low = highs.solve(model('Minimize', name));
      const high = highs.solve(model('Maximize', name));
      expect(low.Status).toBe('Optimal');
      // Feasible (the minimum was found), so "infeasible or unbounded" can only be unbounded.
      const unbounded = high.Status === 'Unbounded' || high.Status === 'Primal infeasible or unbounded';
      expect(unbounded || high.Status === 'Optimal').toBe(true);
      ranges.set(key, [low.ObjectiveValue, unbounded ? Infinity : high.ObjectiveValue]);
    }
    return ranges;
  }

  const auditedTables = (dimensions: number, maxSize: number, numRuns: number) =>
    fc.assert(
      fc.property(tablesOf(dimensions, maxSize), fc.integer({ min: MIN_CELL_SIZE, max: 8 }), (cells, minCellSize) => {
        const table = suppressSmallCells(cells, { minCellSize });
        for (const [key, [min, max]] of feasibleRanges(cells, table)) {
          if (max - min < minCellSize) {
            throw new Error(`${key} is pinned to [${min}, ${max}] (minCellSize ${minCellSize})`);
          }
        }
      }),
      { numRuns },
    );

  it('leaves every hidden value of a one-way table a range at least minCellSize wide', () => {
    auditedTables(1, 8, 100);
  });

  it('leaves every hidden value of a two-way table a range at least minCellSize wide', () => {
    auditedTables(2, 5, 60);
  });

  it('leaves every hidden value of a three-way table a range at least minCellSize wide', () => {
    auditedTables(3, 4, 25);
  });

  it('hides more than the two small cells next to a published total (issue 15: each was exactly 1)', () => {
    const cells = oneWay({ extortion: 20, kidnapping: 1, robbery: 1, torture: 0 });
    const table = suppressSmallCells(cells);
    expect(shown(table)).toEqual(['extortion=X', 'kidnapping=x', 'robbery=x', 'torture=0', '*=22']);
    expect(feasibleRanges(cells, table).get(JSON.stringify(['kidnapping']))).toEqual([1, 20]);
  });
});

function subsetsOf(key: string[]): string[] {
  return Array.from({ length: 2 ** key.length - 1 }, (_, mask) =>
    JSON.stringify(key.map((value, i) => ((mask + 1) & (1 << i) ? null : value))),
  );
}
