import {
  createAccountSchema,
  parseRequestBody,
  updateAccountSchema,
} from './requestSchemas';

describe('parseRequestBody', () => {
  it('trims names and drops empty optional fields', () => {
    expect(
      parseRequestBody(createAccountSchema, {
        name: '  Admin ',
        username: '',
        password: ' keep spaces ',
        url: '',
        notes: '',
      }),
    ).toEqual({
      name: 'Admin',
      username: '',
      password: ' keep spaces ',
      url: undefined,
      notes: undefined,
    });
  });

  it('accepts updates without a password', () => {
    expect(
      parseRequestBody(updateAccountSchema, { name: 'n', username: 'u' }),
    ).toEqual({ name: 'n', username: 'u' });
  });

  it('lists every invalid field', () => {
    expect(() =>
      parseRequestBody(createAccountSchema, {
        name: '',
        username: 'u',
        password: 'p',
        // eslint-disable-next-line no-script-url -- hostile input under test
        url: 'javascript:alert(1)',
      }),
    ).toThrow(
      'Invalid request: name must not be empty; url must be an http or https URL',
    );
  });

  it('keeps values out of messages', () => {
    let message = '';
    try {
      parseRequestBody(createAccountSchema, {
        name: 'n',
        username: 'u',
        password: 'SecretValue'.repeat(400),
      });
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toBe(
      'Invalid request: password must be at most 4096 characters',
    );
  });

  it.each([
    ['name', 'a\u202eb'],
    ['name', 'a\u0000b'],
    ['username', 'a\u001b[31mred'],
    ['username', 'line\nbreak'],
  ])('rejects control characters in %s', (field, value) => {
    expect(() =>
      parseRequestBody(createAccountSchema, {
        name: 'n',
        username: 'u',
        password: 'p',
        [field]: value,
      }),
    ).toThrow(
      `Invalid request: ${field} must not contain control characters, line breaks or bidirectional override characters`,
    );
  });

  it('keeps line breaks and tabs in notes', () => {
    const notes = 'first line\n\tsecond line\r\nthird';

    expect(
      parseRequestBody(createAccountSchema, {
        name: 'n',
        username: 'u',
        password: 'p',
        notes,
      }).notes,
    ).toBe(notes);
    expect(() =>
      parseRequestBody(createAccountSchema, {
        name: 'n',
        username: 'u',
        password: 'p',
        notes: 'bell\u0007',
      }),
    ).toThrow(
      'Invalid request: notes must not contain control characters other than tabs and line breaks',
    );
  });

  it('allows any character in passwords', () => {
    const password = 'p\u202e\u0000\u001b=1';

    expect(
      parseRequestBody(createAccountSchema, {
        name: 'n',
        username: 'u',
        password,
      }).password,
    ).toBe(password);
  });
});
