import { passwordExportConditions } from '@internal/backstage-plugin-password-export-node';
import { findReasonMinLength } from './findReasonMinLength';

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
