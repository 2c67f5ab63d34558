import { InputError, NotFoundError } from '@backstage/errors';
import { describeFailure } from './describeFailure';

describe('describeFailure', () => {
  it('keeps messages written for users', () => {
    expect(describeFailure(new NotFoundError('Bucket b not found'))).toBe(
      'Bucket b not found',
    );
    expect(describeFailure(new InputError('x'.repeat(3000)))).toHaveLength(
      2000,
    );
  });

  it('hides the message of any other error', () => {
    const error = new Error('request to https://user:token-123@host failed');

    expect(describeFailure(error)).toBe(
      'The export failed because of an internal error; the backend log has the details',
    );
    expect(describeFailure(error, 're-sync')).toBe(
      'The re-sync failed because of an internal error; the backend log has the details',
    );
    expect(describeFailure('not an error')).not.toContain('not an error');
  });
});
