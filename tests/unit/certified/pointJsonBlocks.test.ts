/**
 * Point-file plumbing shared by the certified models (src/certified/pointJson.ts, registry.ts): a non-object point,
 * a wrong `model` tag and a non-string tag are one-line UsageErrors naming the field; counts serialise as `n` only
 * when all classes are equal (README "Point files").
 */
import { describe, expect, it } from 'vitest';
import { countsJson, pointObject } from '../../../src/certified/pointJson.ts';
import { modelIds, parseModelPoint } from '../../../src/certified/index.ts';
import { usageError } from './_usageError.ts';

describe('pointObject', () => {
  it.each([
    ['null', null],
    ['an array', [{ model: 'extended' }]],
    ['a string', 'extended'],
    ['a number', 3],
  ])('should reject %s as the point with "point: must be a JSON object"', (_name, u) => {
    const e = usageError(() => pointObject(u, 'extended'));
    expect(e.field).toBe('point');
    expect(e.message).toBe('point: must be a JSON object');
  });

  it('should name the model field and the expected id when the tag differs', () => {
    const e = usageError(() => pointObject({ model: 'relu' }, 'extended'));
    expect(e.field).toBe('model');
    expect(e.message).toBe(`model: must be 'extended'; got "relu"`);
  });

  it('should report a missing tag as missing', () => {
    const e = usageError(() => pointObject({}, 'relu'));
    expect(e.message).toBe(`model: must be 'relu'; got nothing (missing)`);
  });

  it('should return the same object when the tag matches', () => {
    const o = { model: 'extended', x: 1 };
    expect(pointObject(o, 'extended')).toBe(o);
  });
});

describe('countsJson', () => {
  it('should write n when every class has the same count', () => {
    expect(countsJson([4, 4, 4])).toEqual({ n: 4 });
  });

  it('should write the counts when only the first two agree', () => {
    expect(countsJson([2, 2, 5])).toEqual({ counts: [2, 2, 5] });
  });

  it('should write the counts when only the first differs', () => {
    expect(countsJson([3, 1, 1])).toEqual({ counts: [3, 1, 1] });
  });

  it('should copy the counts rather than alias them', () => {
    const counts = [1, 2];
    const j = countsJson(counts);
    expect('counts' in j && j.counts).not.toBe(counts);
  });
});

describe('parseModelPoint', () => {
  it.each([
    ['a number', 7],
    ['null', null],
    ['an object', { id: 'ufm' }],
  ])('should reject %s as the model tag naming the registered ids', (_name, tag) => {
    const e = usageError(() => parseModelPoint({ model: tag }));
    expect(e.field).toBe('model');
    expect(e.message).toBe(`model: must be one of ${modelIds().join(', ')}`);
  });

  it('should reject an unknown string tag naming the model field', () => {
    const e = usageError(() => parseModelPoint({ model: 'nope' }));
    expect(e.field).toBe('model');
    expect(e.message).toBe(`model: must be one of ${modelIds().join(', ')}; got 'nope'`);
  });

  it.each([
    ['null', null],
    ['an array', [{ model: 'extended' }]],
    ['undefined', undefined],
    ['a string', 'ufm'],
  ])('should read %s as an untagged plain-UFM point and reject it as a non-object', (_name, u) => {
    const e = usageError(() => parseModelPoint(u));
    expect(e.field).toBe('point');
  });
});
