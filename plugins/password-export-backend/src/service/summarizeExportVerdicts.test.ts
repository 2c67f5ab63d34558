import { summarizeExportVerdicts } from './summarizeExportVerdicts';

const ORDERS = 'resource:default/orders-db';
const CACHE = 'resource:default/cache';

describe('summarizeExportVerdicts', () => {
  it('allows without a reason when every entity is allowed', () => {
    expect(
      summarizeExportVerdicts(
        [ORDERS, CACHE],
        [{ kind: 'allowed' }, { kind: 'allowed' }],
      ),
    ).toEqual({ allowed: true, reason: { required: false } });
  });

  it('requires the largest minimum of all entities', () => {
    expect(
      summarizeExportVerdicts(
        [ORDERS, CACHE],
        [
          { kind: 'reason-required', minLength: 20 },
          { kind: 'reason-required', minLength: 10 },
        ],
      ),
    ).toEqual({ allowed: true, reason: { required: true, minLength: 20 } });
  });

  it('lists denied entities and extra denials', () => {
    const result = summarizeExportVerdicts(
      [ORDERS, CACHE],
      [
        { kind: 'denied', message: 'no orders' },
        { kind: 'reason-required', minLength: 10 },
      ],
      [{ entityRef: CACHE, message: 'no reading' }],
    );

    expect(result.allowed).toBe(false);
    expect(result.reason).toEqual({ required: true, minLength: 10 });
    expect(result.denied).toEqual([
      { entityRef: ORDERS, message: 'no orders' },
      { entityRef: CACHE, message: 'no reading' },
    ]);
  });
});
