import { append, chunks, chunksByWeight } from './deploymentRows';

describe('reading large results', () => {
  it('appends a result of a million rows, which spreading into push cannot', () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(() => [].push(...(rows as never[]))).toThrow(RangeError);
    const all: number[] = [1];
    append(all, rows);
    expect(all).toHaveLength(1_000_001);
    expect(all[1_000_000]).toBe(999_999);
  });

  it('cuts a list into slices for statements with many bindings', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('cuts by weight as well, so that one heavy item does not share its slice', () => {
    const weights = [1, 1, 90, 5, 5, 5, 200, 1];
    expect(chunksByWeight(weights, w => w, { size: 3, budget: 100 })).toEqual([
      [1, 1, 90],
      [5, 5, 5],
      [200],
      [1],
    ]);
    expect(chunksByWeight(weights, w => w, { size: 3, budget: 50 })).toEqual([
      [1, 1],
      [90],
      [5, 5, 5],
      [200],
      [1],
    ]);
  });
});
