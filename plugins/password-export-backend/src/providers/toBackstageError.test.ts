import { mockServices } from '@backstage/backend-test-utils';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { toBackstageError } from './toBackstageError';

const logger = mockServices.logger.mock();
const liveSignal = new AbortController().signal;

function convert(error: unknown, signal = liveSignal) {
  return toBackstageError(error, {
    providerTitle: 'Fake Storage',
    signal,
    logger,
  });
}

describe('toBackstageError', () => {
  it('names the field of invalid input', () => {
    const error = convert(
      new CloudStorageError({
        kind: 'invalid-input',
        field: 'bucket',
        message: 'Bucket name is invalid.',
      }),
    );

    expect(error.name).toBe('InputError');
    expect(error.message).toBe('Bucket name is invalid. (field bucket)');
  });

  it('keeps a message that already names the field', () => {
    const error = convert(
      new CloudStorageError({
        kind: 'invalid-input',
        field: 'region',
        message: 'The region field is empty.',
      }),
    );

    expect(error.message).toBe('The region field is empty.');
  });

  it('reports a timeout of the whole operation', () => {
    const signal = AbortSignal.abort(
      new DOMException('The operation timed out.', 'TimeoutError'),
    );

    const error = convert(new Error('aborted'), signal);

    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(
      'Fake Storage did not finish within 120 seconds; try again later',
    );
  });

  it('reports a cancelled request', () => {
    const signal = AbortSignal.abort(new Error('client went away'));

    const error = convert(new Error('aborted'), signal);

    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toContain('cancelled because the client went away');
  });

  it('keeps provider messages after an abort', () => {
    const signal = AbortSignal.abort(new Error('client went away'));

    const error = convert(
      new CloudStorageError({ kind: 'timed-out', message: 'No answer.' }),
      signal,
    );

    expect(error.message).toBe('No answer.');
  });

  it('replaces the message of unknown errors', () => {
    const error = convert(new Error('PUT https://host/?token=abc failed'));

    expect(error.name).toBe('Error');
    expect(error.message).not.toContain('token=abc');
    expect(logger.error).toHaveBeenCalledWith(
      'Fake Storage failed with an unexpected error',
      { error: 'Error' },
    );
  });
});
