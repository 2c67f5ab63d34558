/* eslint-disable no-script-url -- the tests feed javascript: URLs on purpose */
import {
  AccountFormValues,
  isHttpUrl,
  toAccountInput,
  validateAccountForm,
} from './validateAccountInput';

const valid: AccountFormValues = {
  name: 'Admin',
  username: 'root',
  password: 'pw',
  url: 'https://example.com',
  notes: '',
};

describe('isHttpUrl', () => {
  it.each([
    ['https://example.com/a?b=c', true],
    ['http://127.0.0.1:8080', true],
    ['HTTPS://EXAMPLE.COM', true],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['vbscript:msgbox(1)', false],
    ['ftp://example.com', false],
    ['//example.com', false],
    ['example.com', false],
    ['', false],
  ])('classifies %p as %p', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
  });
});

describe('validateAccountForm', () => {
  it('accepts valid values', () => {
    expect(validateAccountForm(valid, { passwordRequired: true })).toEqual({});
  });

  it('requires a name and, when adding, a password', () => {
    const errors = validateAccountForm(
      { ...valid, name: '   ', password: '' },
      { passwordRequired: true },
    );

    expect(errors.name).toBe('Enter a name.');
    expect(errors.password).toBe('Enter a password.');
  });

  it('allows an empty password when editing', () => {
    expect(
      validateAccountForm(
        { ...valid, password: '' },
        { passwordRequired: false },
      ),
    ).toEqual({});
  });

  it.each([
    ['name', 200, 'The name must be at most 200 characters long.'],
    ['username', 200, 'The username must be at most 200 characters long.'],
    ['password', 4096, 'The password must be at most 4096 characters long.'],
    ['notes', 10_000, 'The notes must be at most 10000 characters long.'],
  ] as const)('limits the %s to %d characters', (field, max, message) => {
    const atLimit = { ...valid, [field]: 'a'.repeat(max) };
    const overLimit = { ...valid, [field]: 'a'.repeat(max + 1) };

    expect(
      validateAccountForm(atLimit, { passwordRequired: true })[field],
    ).toBeUndefined();
    expect(
      validateAccountForm(overLimit, { passwordRequired: true })[field],
    ).toBe(message);
  });

  it('rejects a URL that is not http or https', () => {
    const errors = validateAccountForm(
      { ...valid, url: 'javascript:alert(1)' },
      { passwordRequired: true },
    );

    expect(errors.url).toBe(
      'Enter a URL that starts with http:// or https://, or leave it empty.',
    );
  });

  it('rejects a URL longer than 2048 characters', () => {
    const url = `https://example.com/${'a'.repeat(2048)}`;

    expect(
      validateAccountForm({ ...valid, url }, { passwordRequired: true }).url,
    ).toBe('The URL must be at most 2048 characters long.');
  });
});

describe('toAccountInput', () => {
  it('leaves out empty optional fields', () => {
    expect(
      toAccountInput({
        name: ' Admin ',
        username: '',
        password: '',
        url: '  ',
        notes: '',
      }),
    ).toEqual({ name: 'Admin', username: '' });
  });

  it('keeps every filled field, trimming only name and URL', () => {
    expect(
      toAccountInput({
        name: 'Admin',
        username: ' root ',
        password: ' pw ',
        url: ' https://example.com ',
        notes: ' note ',
      }),
    ).toEqual({
      name: 'Admin',
      username: ' root ',
      password: ' pw ',
      url: 'https://example.com',
      notes: ' note ',
    });
  });
});
