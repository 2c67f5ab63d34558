import { PassphraseError } from './errors';
import { checkPassphrase, encodePassphrase } from './passphrase';

describe('checkPassphrase', () => {
  it('accepts inner spaces and non-ASCII text', () => {
    expect(() => checkPassphrase('correct horse battery')).not.toThrow();
    expect(() =>
      checkPassphrase('\u05E1\u05D9\u05E1\u05DE\u05D4 \u{1F511}'),
    ).not.toThrow();
  });

  it.each([
    ['empty', '', 'passphrase must not be empty'],
    [
      'leading space',
      ' secret',
      'passphrase must not start or end with whitespace',
    ],
    [
      'trailing newline',
      'secret\n',
      'passphrase must not start or end with whitespace',
    ],
    [
      'trailing no-break space',
      'secret\u00a0',
      'passphrase must not start or end with whitespace',
    ],
    [
      'leading line separator',
      '\u2028secret',
      'passphrase must not start or end with whitespace',
    ],
    [
      'lone surrogate',
      'secret\ud800x',
      'passphrase must be well-formed Unicode',
    ],
  ])('rejects %s', (_, passphrase, message) => {
    const error = (() => {
      try {
        checkPassphrase(passphrase);
        return undefined;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(PassphraseError);
    expect(error?.message).toContain(message);
    expect(error?.message).not.toMatch(/secret/);
  });
});

describe('encodePassphrase', () => {
  it('trims, normalizes to NFC and encodes UTF-8', () => {
    const nfd = ' cafe\u0301\n';
    expect(Buffer.from(encodePassphrase(nfd))).toEqual(
      Buffer.from('caf\u00e9', 'utf8'),
    );
  });
});
