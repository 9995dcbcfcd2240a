/**
 * Statistical disclosure control of published count tables (docs/DESIGN.md): incident statistics and
 * the aggregate exports to partners.
 *
 * The table is a group-by over one or more dimensions. It is protected as if every margin were
 * published too (row and column totals, the grand total, and in more dimensions every partial
 * total), so a caller may publish any of them; publishing fewer only hides more.
 * - Totals are true sums over all cells, suppressed ones included, never sums of what is shown.
 * - Primary: a cell or total with 0 < count < minCellSize is hidden.
 * - Zeros are published: a zero reveals nothing about a person, and a reader therefore knows
 *   that every hidden value is at least 1. A zero is never hidden to protect another value.
 * - Secondary, by the hypercube method (Repsilber's "Quaderverfahren", as in tau-Argus and
 *   sdcTable's HYPERCUBE; suppMethod minSupps): each hidden value is made a corner of a hidden
 *   hypercube, one other value per dimension (another category, or the total), 2^d corners in d
 *   dimensions. Adding t to the corners of one sign and taking t from the others keeps every
 *   published cell and total, so a reader cannot tell any t apart from 0 while every hidden cell
 *   stays at least 1. A cube is chosen only when that range of t is at least minCellSize wide:
 *   the PROTECTION RULE is that every hidden value v has a feasible range [lo, hi], given
 *   everything published, with hi - lo >= minCellSize (a 1 could be anything from 1 to at least
 *   1 + minCellSize). Among those cubes the one that hides the fewest new values wins, then the
 *   smallest sum hidden, then the fewest totals, then the first key (by code unit).
 * Every corner of a chosen cube gets the same range, and each cube moves only its own corners,
 * so a hidden value is protected by its cube whatever else is hidden. A cube always exists: the
 * one made of a cell and the totals above it.
 */

/** The default least size of a published count, and the least a caller may ask for. */
export const MIN_CELL_SIZE = 5;

/** A table is protected with all 2^dimensions of its margins; past this it is not a table to publish. */
const MAX_DIMENSIONS = 8;

export interface CountCell {
  /** One value per dimension, e.g. `['Chiapas', 'extortion']`. */
  key: readonly string[];
  count: number;
}

/**
 * Why a value is hidden, for the people who run a release. A published table should mark both
 * alike: `primary` tells a reader that the count is under minCellSize.
 */
export type SuppressionReason = 'primary' | 'secondary';

export interface ProtectedCell {
  key: string[];
  count: number | null;
  suppressed: SuppressionReason | null;
}

export interface ProtectedTotal {
  /** The cells' key with `null` where the total runs over every value of that dimension. */
  key: (string | null)[];
  count: number | null;
  suppressed: SuppressionReason | null;
}

export interface ProtectedTable {
  minCellSize: number;
  /** The input cells, in their order. */
  cells: ProtectedCell[];
  /** Every margin, grand total first; none for an empty table. */
  totals: ProtectedTotal[];
}

export interface CellSuppressionOptions {
  minCellSize?: number;
  /**
   * Keys of cells or totals hidden in an earlier release of the same table, kept hidden (with
   * what that entails) so comparing the releases reveals nothing. Zeros stay published.
   */
  previouslySuppressed?: readonly (readonly (string | null)[])[];
}

type MarginKey = readonly (string | null)[];

interface Slot {
  key: MarginKey;
  count: number;
  suppressed: SuppressionReason | null;
}

export function suppressSmallCells(cells: readonly CountCell[], options: CellSuppressionOptions = {}): ProtectedTable {
  const minCellSize = options.minCellSize ?? MIN_CELL_SIZE;
  assertValidTable(cells, minCellSize);
  const slots = slotsWithMargins(cells);
  for (const slot of slots.values()) {
    if (slot.count > 0 && slot.count < minCellSize) slot.suppressed = 'primary';
  }
  for (const key of options.previouslySuppressed ?? []) {
    const slot = slots.get(idOf(key));
    if (slot && slot.count > 0 && slot.suppressed === null) slot.suppressed = 'secondary';
  }
  suppressHypercubes(slots, minCellSize);

  const published = (slot: Slot) => ({
    count: slot.suppressed === null ? slot.count : null,
    suppressed: slot.suppressed,
  });
  const totals = [...slots.values()]
    .filter((slot) => slot.key.includes(null))
    .sort((a, b) => nullsIn(b.key) - nullsIn(a.key) || compareKeys(a.key, b.key));
  return {
    minCellSize,
    cells: cells.map((cell) => ({ key: [...cell.key], ...published(slotOf(slots, cell.key)) })),
    totals: totals.map((slot) => ({ key: [...slot.key], ...published(slot) })),
  };
}

function assertValidTable(cells: readonly CountCell[], minCellSize: number): void {
  if (!Number.isInteger(minCellSize) || minCellSize < MIN_CELL_SIZE) {
    throw new RangeError(`minCellSize must be an integer of at least ${MIN_CELL_SIZE}, not ${minCellSize}`);
  }
  const dimensions = cells[0]?.key.length;
  const seen = new Set<string>();
  for (const { key, count } of cells) {
    if (key.length === 0 || key.length > MAX_DIMENSIONS || key.length !== dimensions) {
      throw new RangeError(`every cell needs a key of the same 1 to ${MAX_DIMENSIONS} dimensions`);
    }
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`not a count: ${count}`);
    const id = idOf(key);
    if (seen.has(id)) throw new RangeError(`two cells with the key ${id}`);
    seen.add(id);
  }
}

const idOf = (key: readonly (string | number | null)[]): string => JSON.stringify(key);

function slotOf(slots: ReadonlyMap<string, Slot>, key: MarginKey): Slot {
  const slot = slots.get(idOf(key));
  if (!slot) throw new Error(`no slot for ${idOf(key)}`);
  return slot;
}

/** Each cell, and each total it adds to: its key with any subset of the dimensions summed over. */
function slotsWithMargins(cells: readonly CountCell[]): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  for (const { key, count } of cells) {
    for (let summedOver = 0; summedOver < 2 ** key.length; summedOver++) {
      const marginKey = key.map((value, dimension) => (summedOver & (1 << dimension) ? null : value));
      const id = idOf(marginKey);
      const slot = slots.get(id);
      if (slot) slot.count += count;
      else slots.set(id, { key: marginKey, count, suppressed: null });
    }
  }
  return slots;
}

/** Cubes tried per hidden value; past this each dimension's candidates are cut to the likeliest. */
const MAX_CUBES = 512;

/**
 * The slots by position: per dimension, a category's index among the sorted categories, the
 * total one past the last. Positions make the 2^d corners of many cubes cheap to look up.
 */
class Grid {
  readonly categories: string[][];
  /** The slots that are cells, not totals. */
  readonly cells: Slot[];
  private readonly byPosition = new Map<number, Slot>();
  private readonly strides: number[];
  private readonly positions = new Map<Slot, number[]>();

  constructor(slots: ReadonlyMap<string, Slot>) {
    const sets: Set<string>[] = [];
    for (const slot of slots.values()) {
      slot.key.forEach((value, dimension) => {
        sets[dimension] ??= new Set();
        if (value !== null) sets[dimension].add(value);
      });
    }
    this.cells = [...slots.values()].filter((slot) => !slot.key.includes(null));
    this.categories = sets.map((set) => [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    this.strides = [];
    let size = 1;
    for (const values of this.categories) {
      this.strides.push(size);
      size *= values.length + 1;
    }
    if (!Number.isSafeInteger(size)) throw new RangeError('too many categories to protect in one table');
    const indexes = this.categories.map((values) => new Map(values.map((value, index) => [value, index])));
    for (const slot of slots.values()) {
      const position = slot.key.map((value, dimension) =>
        value === null ? this.categories[dimension].length : indexes[dimension].get(value)!,
      );
      this.positions.set(slot, position);
      this.byPosition.set(this.idOf(position), slot);
    }
  }

  totalOf(dimension: number): number {
    return this.categories[dimension].length;
  }

  positionOf(slot: Slot): readonly number[] {
    return this.positions.get(slot)!;
  }

  at(position: readonly number[]): Slot | undefined {
    return this.byPosition.get(this.idOf(position));
  }

  private idOf(position: readonly number[]): number {
    let id = 0;
    for (let dimension = 0; dimension < position.length; dimension++)
      id += position[dimension] * this.strides[dimension];
    return id;
  }
}

/**
 * Hides, around each value hidden so far, the cheapest hypercube that protects it (see above).
 * Values hidden on the way are corners of a protecting cube already, so they need no cube of their own.
 */
function suppressHypercubes(slots: ReadonlyMap<string, Slot>, minCellSize: number): void {
  const targets = [...slots.values()]
    .filter((slot) => slot.suppressed !== null)
    .sort((a, b) => nullsIn(a.key) - nullsIn(b.key) || compareKeys(a.key, b.key));
  if (targets.length === 0) return;
  const grid = new Grid(slots);
  for (const target of targets) {
    let best: { corners: Slot[]; cost: Cost } | null = null;
    for (const cube of candidateCubes(grid, target, minCellSize)) {
      const corners = cornersOf(grid, target, cube, minCellSize, best?.cost.hidden ?? Infinity);
      if (!corners) continue;
      const cost = costOf(corners);
      if (!best || compareCosts(cost, best.cost) < 0) best = { corners, cost };
      if (best.cost.hidden === 0) break;
    }
    // The cube of the target's largest cell and the totals above it always protects it.
    best ??= {
      corners: cornersOf(grid, target, alwaysProtectingCube(grid, target), minCellSize, Infinity)!,
      cost: null!,
    };
    for (const corner of best.corners) corner.suppressed ??= 'secondary';
  }
}

/** The other position per dimension: another category where the target has one, a category where it is a total. */
type Cube = number[];

interface Cost {
  hidden: number;
  sum: number;
  totals: number;
  /** The new values' keys, compared only to break a tie. */
  keys: () => string;
}

function costOf(corners: readonly Slot[]): Cost {
  const fresh = corners.filter((corner) => corner.suppressed === null);
  return {
    hidden: fresh.length,
    sum: fresh.reduce((acc, corner) => acc + corner.count, 0),
    totals: fresh.filter((corner) => corner.key.includes(null)).length,
    keys: () =>
      fresh
        .map((corner) => idOf(corner.key))
        .sort()
        .join(),
  };
}

function compareCosts(a: Cost, b: Cost): number {
  if (a.hidden !== b.hidden || a.sum !== b.sum || a.totals !== b.totals) {
    return a.hidden - b.hidden || a.sum - b.sum || a.totals - b.totals;
  }
  const [x, y] = [a.keys(), b.keys()];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The cubes worth trying around a target: per dimension, the other positions whose corner next
 * to the target is non-zero, best first (already hidden, then large enough to lend a range,
 * smallest first), cut down to MAX_CUBES in all.
 */
function* candidateCubes(grid: Grid, target: Slot, minCellSize: number): Generator<Cube> {
  const rank = (slot: Slot): number => (slot.suppressed !== null ? 0 : slot.count > minCellSize ? 1 : 2);
  const own = grid.positionOf(target);
  const options = own.map((mine, dimension) => {
    const total = grid.totalOf(dimension);
    const others = mine === total ? [...Array(total).keys()] : [...Array(total + 1).keys()].filter((p) => p !== mine);
    return others
      .map((other) => ({ other, slot: grid.at(own.map((p, d) => (d === dimension ? other : p))) }))
      .filter((option): option is { other: number; slot: Slot } => (option.slot?.count ?? 0) > 0)
      .sort((a, b) => rank(a.slot) - rank(b.slot) || a.slot.count - b.slot.count || a.other - b.other)
      .map((option) => option.other);
  });
  while (options.reduce((product, list) => product * Math.max(list.length, 1), 1) > MAX_CUBES) {
    const longest = options.reduce((a, b) => (b.length > a.length ? b : a));
    longest.length = Math.ceil(longest.length / 2);
  }
  yield* product(options);
}

function* product(options: readonly number[][]): Generator<Cube> {
  if (options.some((list) => list.length === 0)) return;
  const choice = options.map(() => 0);
  for (;;) {
    yield choice.map((index, dimension) => options[dimension][index]);
    let dimension = 0;
    while (dimension < options.length && ++choice[dimension] === options[dimension].length) choice[dimension++] = 0;
    if (dimension === options.length) return;
  }
}

/** The totals over a cell's own categories, and the target's largest cell (ties to the first key) where it is a total. */
function alwaysProtectingCube(grid: Grid, target: Slot): Cube {
  let largest: Slot | null = null;
  for (const slot of grid.cells) {
    if (slot.count === 0) continue;
    if (!target.key.every((value, dimension) => value === null || value === slot.key[dimension])) continue;
    if (
      !largest ||
      slot.count > largest.count ||
      (slot.count === largest.count && compareKeys(slot.key, largest.key) < 0)
    ) {
      largest = slot;
    }
  }
  const cell = grid.positionOf(largest!);
  return target.key.map((value, dimension) => (value === null ? cell[dimension] : grid.totalOf(dimension)));
}

/**
 * The corners of the cube, if it protects and hides at most `mostFresh` new values: every corner
 * non-zero, and the range of t (corners of the target's sign + t, the others - t, each staying at
 * least 1) at least minCellSize wide. Along a dimension the two corners change in opposite ways
 * between two categories, alike between a category and its total.
 */
function cornersOf(grid: Grid, target: Slot, cube: Cube, minCellSize: number, mostFresh: number): Slot[] | null {
  const own = grid.positionOf(target);
  const corners: Slot[] = [];
  let down = Infinity;
  let up = Infinity;
  let fresh = 0;
  for (let switched = 0; switched < 2 ** own.length; switched++) {
    let sign = 1;
    const position = own.map((mine, dimension) => {
      if (!(switched & (1 << dimension))) return mine;
      const total = grid.totalOf(dimension);
      if (mine !== total && cube[dimension] !== total) sign = -sign;
      return cube[dimension];
    });
    const corner = grid.at(position);
    if (!corner || corner.count === 0) return null;
    if (sign > 0) down = Math.min(down, corner.count - 1);
    else up = Math.min(up, corner.count - 1);
    // A cube hiding more new values than the best so far cannot win.
    if (corner.suppressed === null && ++fresh > mostFresh) return null;
    corners.push(corner);
  }
  return down + up >= minCellSize ? corners : null;
}

const nullsIn = (key: MarginKey): number => key.filter((value) => value === null).length;

/** Value by value, by code unit (the same in any locale), a total after any value. */
function compareKeys(a: MarginKey, b: MarginKey): number {
  for (let dimension = 0; dimension < a.length; dimension++) {
    const [x, y] = [a[dimension], b[dimension]];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
