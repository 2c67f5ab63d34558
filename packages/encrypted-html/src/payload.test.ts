import { InvalidPayloadError } from './errors';
import {
  MAX_PAYLOAD_BYTES,
  packPayload,
  parseExportPayload,
  unpackPayload,
} from './payload';
import { samplePayload } from './testFixtures';

/** Returns the sample payload after `change` has modified a copy of it. */
function changed(change: (payload: any) => void): unknown {
  const payload = samplePayload();
  change(payload);
  return payload;
}

function invalidField(value: unknown): string | undefined {
  try {
    parseExportPayload(value);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPayloadError);
    return (error as InvalidPayloadError).message;
  }
}

// Key derivations and payloads of hundreds of megabytes take seconds each
// when the machine is busy, more than Jest's default of 5 s.
jest.setTimeout(60_000);

describe('parseExportPayload', () => {
  it('accepts the sample payload unchanged', () => {
    expect(parseExportPayload(samplePayload())).toEqual(samplePayload());
  });

  it.each([
    ['a non-object', null, 'payload must be an object'],
    ['an array', [], 'payload must be an object'],
    [
      'missing resources',
      changed(p => delete p.resources),
      'resources must be an array',
    ],
    [
      'missing metadata',
      changed(p => delete p.metadata),
      'metadata must be an object',
    ],
    [
      'a numeric exportedBy',
      changed(p => (p.metadata.exportedBy = 1)),
      'metadata.exportedBy must be a string',
    ],
    [
      'an invalid exportedAt',
      changed(p => (p.metadata.exportedAt = 'yesterday')),
      'metadata.exportedAt must be an ISO 8601 date and time',
    ],
    [
      'a missing validAsOf',
      changed(p => delete p.metadata.validAsOf),
      'metadata.validAsOf must be a string',
    ],
    [
      'a zero staleAfterDays',
      changed(p => (p.metadata.staleAfterDays = 0)),
      'metadata.staleAfterDays must be a positive number of days',
    ],
    [
      'a non-string portal',
      changed(p => (p.metadata.portal = {})),
      'metadata.portal must be a string',
    ],
    [
      'a missing title',
      changed(p => delete p.resources[0].title),
      'resources[0].title must be a string',
    ],
    [
      'a missing entityRef',
      changed(p => delete p.resources[0].entityRef),
      'resources[0].entityRef must be a string',
    ],
    [
      'accounts that are not an array',
      changed(p => (p.resources[0].accounts = {})),
      'resources[0].accounts must be an array',
    ],
    [
      'a null account',
      changed(p => (p.resources[0].accounts[1] = null)),
      'resources[0].accounts[1] must be an object',
    ],
    [
      'a numeric notes field',
      changed(p => (p.resources[0].accounts[0].notes = 5)),
      'resources[0].accounts[0].notes must be a string',
    ],
    [
      'an invalid updatedAt',
      changed(p => (p.resources[0].accounts[0].updatedAt = 'soon')),
      'resources[0].accounts[0].updatedAt must be an ISO 8601 date and time',
    ],
  ])('rejects %s', (_, value, message) => {
    expect(invalidField(value)).toBe(`invalid export payload: ${message}`);
  });

  it('drops unknown fields at every level', () => {
    const value = changed(p => {
      p.extra = 1;
      p.metadata.extra = 2;
      p.resources[0].extra = 3;
      p.resources[0].accounts[0].extra = 4;
    });
    expect(parseExportPayload(value)).toEqual(samplePayload());
  });
});

describe('packPayload', () => {
  it('round-trips through unpackPayload', async () => {
    const packed = await packPayload(samplePayload());
    await expect(unpackPayload(packed)).resolves.toEqual(samplePayload());
  });

  it('rejects a payload larger than the maximum', async () => {
    const payload = samplePayload();
    payload.resources[0].accounts[0].notes = 'x'.repeat(MAX_PAYLOAD_BYTES);
    await expect(packPayload(payload)).rejects.toThrow(
      /^invalid export payload: payload is \d+ bytes as JSON, more than the maximum of 268435456; export fewer resources$/,
    );
  });
});
