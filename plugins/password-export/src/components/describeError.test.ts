import { ResponseError } from '@backstage/errors';
import { describeError } from './describeError';

describe('describeError', () => {
  it('returns the backend message of an error response', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'InputError', message: 'Reason is too short' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    );

    const error = await ResponseError.fromResponse(response);

    expect(describeError(error)).toBe('Reason is too short');
  });

  it('returns the message of other errors', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toBe(
      'Failed to fetch',
    );
    expect(describeError('plain text')).toBe('plain text');
  });
});
