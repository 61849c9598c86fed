import { describe, expect, it } from 'vitest';
import { fromRows } from '../../../src/core/index.ts';
import { structureDifferences, structureSignature, structureText, ufmStructure } from '../../../src/hunt/signature.ts';

/** m points of a regular m-gon of radius r in the plane, rotated by phase, padded to d coordinates. */
function polygon(m: number, r: number, phase = 0.3, d = 2): number[][] {
  return Array.from({ length: m }, (_, k) => {
    const row = new Array<number>(d).fill(0);
    row[0] = r * Math.cos(phase + (2 * Math.PI * k) / m);
    row[1] = r * Math.sin(phase + (2 * Math.PI * k) / m);
    return row;
  });
}

// δ as a certificate gives it for a point solved to ‖∇f‖ ≈ 1e-12 with μ ≈ 1e-3 (huntMultistart.ts).
const DELTA = 2e-9;

describe('ufmStructure / structureSignature (hand-built points)', () => {
  it('should recognise the regular K-gon (the d = 2 ansatz): no class at 0, distinct, equal norms, regular K-gon', () => {
    // Arrange
    const W = fromRows(polygon(6, 2.5));
    // Act
    const s = ufmStructure(W, DELTA);
    // Assert
    expect([s.centre.length, s.groups.length, s.rank, s.equalNorms, s.polygon]).toEqual([0, 6, 2, true, 6]);
    expect(structureSignature(s, false)).toBe('d=2 · no bias · distinct classes · regular K-gon');
  });

  it('should recognise one class at the centre with the others a regular (K−1)-gon, with its index in the text', () => {
    // Arrange: class 3 at w = 0 (within δ), the other five a regular pentagon
    const rows = polygon(5, 2.6, 1.1);
    rows.splice(3, 0, [DELTA / 4, -DELTA / 4]);
    // Act
    const s = ufmStructure(fromRows(rows), DELTA);
    // Assert
    expect(s.centre).toEqual([3]);
    expect(s.polygon).toBe(5);
    expect(structureSignature(s, true)).toBe('d=2 · bias · 1 class at w=0 · distinct classes · regular (K−1)-gon');
    expect(structureText(s)).toBe('class 3 at w=0, others a regular 5-gon');
  });

  it('should give K = 6 and K = 8 instances of the same mechanism the same signature (the signature is K-free)', () => {
    const sig = (K: number): string => {
      const rows = polygon(K - 1, 2);
      rows.unshift([0, 0]);
      return structureSignature(ufmStructure(fromRows(rows), DELTA), true);
    };
    expect(sig(6)).toBe(sig(8));
  });

  it('should recognise the d = 1 alternating code as classes merged pairwise (two antipodal groups), rank 1', () => {
    // Arrange: w_k = (−1)^k a, K = 4
    const s = ufmStructure(fromRows([[2], [-2], [2], [-2]]), DELTA);
    // Assert
    expect(s.groups).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(s.rank).toBe(1);
    expect(structureSignature(s, false)).toBe('d=1 · no bias · classes merged pairwise · rank d, equal norms');
  });

  it('should tell the d = 1 point that beats it (a, b, −a, −b: distinct, two norm levels) apart from the ansatz', () => {
    // Arrange: the point the seed-3 hunt found at K = 4, d = 1, n = 1, λ = 0.01
    const hit = ufmStructure(fromRows([[2.1443], [1.3943], [-2.1443], [-1.3943]]), DELTA);
    const ansatz = ufmStructure(fromRows([[2], [-2], [2], [-2]]), DELTA);
    // Act / Assert
    expect(structureSignature(hit, false)).toBe('d=1 · no bias · distinct classes · rank d, unequal norms');
    expect(structureDifferences(hit, ansatz)).toEqual([
      'distinct classes vs classes merged pairwise',
      'unequal vs equal norms',
    ]);
  });

  it('should report the rank of W relative to d (a planar configuration in d = 3 is rank d−1)', () => {
    // Arrange: a regular pentagon in the x–y plane of R³ plus a tiny out-of-plane error below δ
    const rows = polygon(5, 2, 0.2, 3);
    (rows[0] as number[])[2] = DELTA / 10;
    // Act
    const s = ufmStructure(fromRows(rows), DELTA);
    // Assert
    expect(s.rank).toBe(2);
    expect(structureSignature(s, true)).toBe('d≥3 · bias · distinct classes · regular K-gon');
    // a genuinely 3-D configuration (out of plane by ≫ δ) is rank d and not a polygon
    (rows[0] as number[])[2] = 0.5;
    const t = ufmStructure(fromRows(rows), DELTA);
    expect([t.rank, t.polygon]).toEqual([3, 0]);
    expect(structureSignature(t, true)).toBe('d≥3 · bias · distinct classes · rank d, unequal norms');
  });

  it('should decide "merged" and "at the centre" by the certified distance δ, not by a guessed threshold', () => {
    // Arrange: two classes 1e-6 apart and one class of norm 1e-6
    const rows = [
      [2, 0],
      [2, 1e-6],
      [-1, 1.7],
      [-1, -1.7],
      [1e-6, 0],
    ];
    // Act: with δ = 1e-9 they are distinct; with δ = 1e-5 (a looser certificate) they cannot be told apart
    const tight = ufmStructure(fromRows(rows), 1e-9);
    const loose = ufmStructure(fromRows(rows), 1e-5);
    // Assert
    expect([tight.centre.length, tight.groups.length]).toEqual([0, 5]);
    expect([loose.centre, loose.groups.filter((g) => g.length > 1)]).toEqual([[4], [[0, 1]]]);
    expect(structureSignature(loose, false)).toBe(
      'd=2 · no bias · 1 class at w=0 · classes partly merged · rank d, unequal norms',
    );
  });

  it('should fall back to a flagged heuristic tolerance when the certificate gives no finite δ', () => {
    const s = ufmStructure(fromRows(polygon(4, 1)), Infinity);
    expect(s.heuristic).toBe(true);
    expect(s.tolerance).toBeCloseTo(1e-6, 12);
    expect(s.polygon).toBe(4);
    expect(ufmStructure(fromRows(polygon(4, 1)), NaN).heuristic).toBe(true);
  });

  it('should not call an irregular polygon with equal norms regular', () => {
    // Arrange: 5 points on a circle with one gap 10° too wide
    const rows = polygon(5, 2).map((r, k) => (k === 0 ? [2 * Math.cos(0.3 - 0.17), 2 * Math.sin(0.3 - 0.17)] : r));
    const s = ufmStructure(fromRows(rows), DELTA);
    expect([s.equalNorms, s.polygon]).toEqual([true, 0]);
    expect(structureSignature(s, true)).toBe('d=2 · bias · distinct classes · rank d, equal norms');
  });
});
