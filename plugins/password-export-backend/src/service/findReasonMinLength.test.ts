import { passwordExportConditions } from '@internal/backstage-plugin-password-export-node';
import {
  findReasonMinLength,
  findReasonMinLengths,
} from './findReasonMinLength';

const { hasReason, isFormat, isEntityOwner } = passwordExportConditions;

describe('findReasonMinLength', () => {
  it('reads a single condition', () => {
    expect(findReasonMinLength(hasReason({ minLength: 10 }))).toBe(10);
  });

  it('takes the largest value in nested criteria', () => {
    expect(
      findReasonMinLength({
        anyOf: [
          { allOf: [isEntityOwner(), hasReason({ minLength: 5 })] },
          hasReason({ minLength: 20 }),
        ],
      }),
    ).toBe(20);
  });

  it('ignores negated conditions and other rules', () => {
    expect(
      findReasonMinLength({
        allOf: [
          { not: hasReason({ minLength: 5 }) },
          isFormat({ formats: ['csv'] }),
        ],
      }),
    ).toBeUndefined();
  });
});

describe('findReasonMinLengths', () => {
  it('lists distinct values smallest first', () => {
    expect(
      findReasonMinLengths({
        anyOf: [
          hasReason({ minLength: 20 }),
          { allOf: [isEntityOwner(), hasReason({ minLength: 5 })] },
          hasReason({ minLength: 20 }),
        ],
      }),
    ).toEqual([5, 20]);
  });

  it('returns an empty list without a reason condition', () => {
    expect(findReasonMinLengths(isFormat({ formats: ['csv'] }))).toEqual([]);
    expect(findReasonMinLengths({ not: hasReason({ minLength: 5 }) })).toEqual(
      [],
    );
  });
});
