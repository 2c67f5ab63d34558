import {
  countCharacters,
  ExportFormValues,
  validateExportForm,
} from './validateExportForm';

const html: ExportFormValues = {
  format: 'encrypted-html',
  passphrase: 'correct horse battery',
  confirmation: 'correct horse battery',
  reason: '',
};

const defaults = { passphraseMinLength: 12, reasonRequired: false };

describe('validateExportForm', () => {
  it('accepts a long matching passphrase', () => {
    expect(validateExportForm(html, defaults)).toEqual({
      valid: true,
      errors: {},
    });
  });

  it('rejects an empty passphrase without a message', () => {
    const result = validateExportForm(
      { ...html, passphrase: '', confirmation: '' },
      defaults,
    );

    expect(result.valid).toBe(false);
    expect(result.errors).toEqual({});
  });

  it('applies the minimum length in code points', () => {
    const elevenEmoji = '🔐'.repeat(11);

    expect(
      validateExportForm(
        { ...html, passphrase: elevenEmoji, confirmation: elevenEmoji },
        defaults,
      ),
    ).toEqual({
      valid: false,
      errors: {
        passphrase:
          'The passphrase must be at least 12 characters long (11 so far).',
      },
    });
    expect(
      validateExportForm(
        { ...html, passphrase: 'a'.repeat(12), confirmation: 'a'.repeat(12) },
        defaults,
      ).valid,
    ).toBe(true);
  });

  it('uses the minimum length it is given', () => {
    const result = validateExportForm(html, {
      ...defaults,
      passphraseMinLength: 30,
    });

    expect(result.valid).toBe(false);
    expect(result.errors.passphrase).toBe(
      'The passphrase must be at least 30 characters long (21 so far).',
    );
  });

  it.each([
    [' leading space passphrase'],
    ['trailing space passphrase '],
    ['\ttab before passphrase'],
    ['no-break space after\u00a0'],
    ['newline after passphrase\n'],
  ])('rejects outer whitespace in %p', passphrase => {
    const result = validateExportForm(
      { ...html, passphrase, confirmation: passphrase },
      defaults,
    );

    expect(result.valid).toBe(false);
    expect(result.errors.passphrase).toMatch(
      /^The passphrase must not start or end with a space/,
    );
  });

  it('allows inner whitespace', () => {
    const passphrase = 'inner  spaces\tare fine';

    expect(
      validateExportForm(
        { ...html, passphrase, confirmation: passphrase },
        defaults,
      ).valid,
    ).toBe(true);
  });

  it('reports a mismatch only once confirmation is typed', () => {
    expect(validateExportForm({ ...html, confirmation: '' }, defaults)).toEqual(
      { valid: false, errors: {} },
    );
    expect(
      validateExportForm({ ...html, confirmation: 'correct horse' }, defaults),
    ).toEqual({
      valid: false,
      errors: { confirmation: 'The passphrases do not match.' },
    });
  });

  it('ignores passphrases for spreadsheet formats', () => {
    expect(
      validateExportForm(
        { ...html, format: 'csv', passphrase: ' x', confirmation: '' },
        defaults,
      ),
    ).toEqual({ valid: true, errors: {} });
  });

  it('requires a reason when asked to', () => {
    const options = { ...defaults, reasonRequired: true };

    expect(validateExportForm({ ...html, reason: '  ' }, options).valid).toBe(
      false,
    );
    expect(
      validateExportForm({ ...html, reason: 'Site visit' }, options).valid,
    ).toBe(true);
  });

  it('counts trimmed characters against the minimum', () => {
    const options = { ...defaults, reasonRequired: true, reasonMinLength: 10 };

    const padded = validateExportForm(
      { ...html, reason: '   nine char   ' },
      options,
    );
    const exact = validateExportForm(
      { ...html, reason: '  ten chars.  ' },
      options,
    );
    const empty = validateExportForm({ ...html, reason: '' }, options);

    expect(padded.valid).toBe(false);
    expect(padded.errors.reason).toBe(
      'Reason must be at least 10 characters (9 so far).',
    );
    expect(exact.valid).toBe(true);
    expect(exact.errors.reason).toBeUndefined();
    expect(empty.valid).toBe(false);
    expect(empty.errors.reason).toBeUndefined();
  });

  it('rejects long reasons and control characters', () => {
    const tooLong = validateExportForm(
      { ...html, reason: ` ${'x'.repeat(1001)} ` },
      defaults,
    );
    const atLimit = validateExportForm(
      { ...html, reason: ` ${'x'.repeat(1000)} ` },
      defaults,
    );
    const lineBreak = validateExportForm(
      { ...html, reason: 'client\nvisit' },
      { ...defaults, reasonRequired: true },
    );
    const trailingNewline = validateExportForm(
      { ...html, reason: 'client visit\n' },
      { ...defaults, reasonRequired: true },
    );

    expect(tooLong.valid).toBe(false);
    expect(tooLong.errors.reason).toBe(
      'Reason must be at most 1000 characters (1001 now).',
    );
    expect(atLimit.valid).toBe(true);
    expect(lineBreak.valid).toBe(false);
    expect(lineBreak.errors.reason).toBe(
      'Reason must not contain control characters such as line breaks.',
    );
    expect(trailingNewline.valid).toBe(true);
  });
});

describe('countCharacters', () => {
  it('counts code points', () => {
    expect(countCharacters('abc')).toBe(3);
    expect(countCharacters('🔐é')).toBe(2);
  });
});
