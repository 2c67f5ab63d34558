import { estimatePassphraseStrength } from './estimatePassphraseStrength';

// Loading the word lists takes a few seconds in Jest's module transform.
jest.setTimeout(60_000);

describe('estimatePassphraseStrength', () => {
  it('rates a common password as very weak', async () => {
    const strength = await estimatePassphraseStrength('password1');

    expect(strength.score).toBe(0);
    expect(strength.warning).toMatch(/common/i);
  });

  it('rates a long random passphrase as very strong', async () => {
    const strength = await estimatePassphraseStrength(
      'vivid-otter-canyon-lantern-49',
    );

    expect(strength.score).toBe(4);
  });

  it('penalises words from the user inputs', async () => {
    const passphrase = 'ordersdbprimary';
    const alone = await estimatePassphraseStrength(passphrase);
    const withInputs = await estimatePassphraseStrength(passphrase, [
      'ordersdbprimary',
    ]);

    expect(withInputs.score).toBeLessThan(alone.score);
  });
});
