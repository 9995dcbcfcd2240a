/**
 * Statistical disclosure control of published count tables (DESIGN.md): incident statistics and
 * the aggregate exports to partners.
 *
 * The table is a group-by over one or more dimensions. It is protected as if every margin were
 * published too (row and column totals, the grand total, and in more dimensions every partial
 * total), so a caller may publish any of them; publishing fewer only hides more.
 * - Totals are true sums over all cells, suppressed ones included, never sums of what is shown.
 * - Primary: a cell or total with 0 < count < minCellSize is hidden.
 * - Zeros are published: a zero reveals nothing about a person. A zero is never picked to
 *   protect another cell either, since a reader who guesses it is zero recovers the other.
 * - Secondary: a line (the cells that differ in one dimension only, with their total) holding
 *   exactly one hidden value would give it away by subtraction, so its smallest non-zero shown
 *   value is hidden too; ties go to the key that sorts first (by code unit, totals last). As a
 *   total is never smaller than its parts, a total is picked only when its line has nothing else
 *   to give. Hiding one value can leave a crossing line with a single hidden value, so this
 *   repeats until no line has exactly one.
 * The rule stops recovery from any one line; it does not solve the whole system of equations, so
 * in a large table several lines taken together can still pin down a hidden value.
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
  suppressComplements(linesOf(slots));

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

/** Lines along each dimension, every one holding its total, in a fixed order. */
function linesOf(slots: ReadonlyMap<string, Slot>): Slot[][] {
  const lines = new Map<string, Slot[]>();
  for (const slot of slots.values()) {
    slot.key.forEach((_, along) => {
      // 0 marks the varying dimension; it cannot collide with a string or null in the JSON.
      const lineId = idOf(slot.key.map((value, dimension) => (dimension === along ? 0 : value)));
      const line = lines.get(lineId);
      if (line) line.push(slot);
      else lines.set(lineId, [slot]);
    });
  }
  return [...lines.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, line]) => line);
}

function suppressComplements(lines: readonly Slot[][]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      if (line.filter((slot) => slot.suppressed !== null).length !== 1) continue;
      // Every hidden value is non-zero and every line holds its total, so a line with one hidden
      // value always has a non-zero shown value: its total, or a part of the hidden total.
      const complement = line
        .filter((slot) => slot.suppressed === null && slot.count > 0)
        .reduce((best, slot) =>
          slot.count < best.count || (slot.count === best.count && compareKeys(slot.key, best.key) < 0) ? slot : best,
        );
      complement.suppressed = 'secondary';
      changed = true;
    }
  }
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
