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
    ['username', 'admin\u2066'],
    ['username', '\u0000'],
  ])('rejects %s %j', (field, value) => {
    expect(() =>
      parseRequestBody(createAccountSchema, {
        name: 'n',
        username: 'u',
        password: 'p',
        [field]: value,
      }),
    ).toThrow(
      `Invalid request: ${field} must not contain NUL characters or bidirectional override characters`,
    );
  });

  it('keeps other control characters for spreadsheet cases', () => {
    const input = {
      name: '\tTab first',
      username: '\rCR first',
      password: 'p\u202e\u0000\u001b=1',
      notes: 'bell\u0007 and line\r\nbreaks',
    };

    expect(parseRequestBody(createAccountSchema, input)).toEqual({
      ...input,
      name: 'Tab first',
      url: undefined,
    });
  });
});
