// How tables are cut into setValues calls: every row once and in order, the header first, no call over the limit.
import { CELLS_PER_WRITE, planWrites } from '../../src/core/writePlan';

function rowsCovered(blocks: ReturnType<typeof planWrites>): number[] {
  return blocks.flatMap((b) => Array.from({ length: b.take }, (_, i) => b.from + i));
}

test('a 100,000-call export (14 columns) goes in one call with its header', () => {
  expect(planWrites(100_000, 14)).toEqual([{ sheetRow: 1, header: true, from: 0, take: 100_000 }]);
});

test.each([
  [300_000, 14],
  [137_000, 11],
  [10, 3],
  [1_000_000, 1],
])(
  '%i rows × %i columns: every data row exactly once, in order, sheet rows contiguous, no block over the limit',
  (rows, width) => {
    const blocks = planWrites(rows, width);
    expect(rowsCovered(blocks)).toEqual(Array.from({ length: rows }, (_, i) => i));
    expect(blocks[0]).toMatchObject({ sheetRow: 1, header: true });
    expect(blocks.slice(1).every((b) => !b.header)).toBe(true);
    let next = 1;
    for (const b of blocks) {
      expect(b.sheetRow).toBe(next);
      const cells = (b.take + (b.header ? 1 : 0)) * width;
      expect(cells).toBeLessThanOrEqual(CELLS_PER_WRITE);
      next += b.take + (b.header ? 1 : 0);
    }
    expect(blocks.length).toBe(Math.ceil(((rows + 1) * width) / (Math.floor(CELLS_PER_WRITE / width) * width)));
  },
);

test('chunk boundaries with a small limit: the header fills the first block, the rest follow', () => {
  expect(planWrites(7, 2, 6)).toEqual([
    { sheetRow: 1, header: true, from: 0, take: 2 },
    { sheetRow: 4, header: false, from: 2, take: 3 },
    { sheetRow: 7, header: false, from: 5, take: 2 },
  ]);
});

test('an empty table still writes its header', () => {
  expect(planWrites(0, 5)).toEqual([{ sheetRow: 1, header: true, from: 0, take: 0 }]);
});
