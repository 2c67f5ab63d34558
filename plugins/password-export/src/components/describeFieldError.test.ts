import { ResponseError } from '@backstage/errors';
import { ProviderField } from '@internal/backstage-plugin-password-export-common';
import { describeFieldError } from './describeFieldError';

const fields: ProviderField[] = [
  { key: 'bucket', title: 'Bucket', type: 'string' },
  { key: 'secretAccessKey', title: 'Secret access key', type: 'string' },
];

async function responseError(status: number, body: object) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({ ...body, response: { statusCode: status } }),
      {
        status,
        headers: { 'Content-Type': 'application/json' },
      },
    ) as any,
  );
}

describe('describeFieldError', () => {
  it('uses the field property of the error body', async () => {
    const error = await responseError(400, {
      error: { name: 'InputError', message: 'Access denied', field: 'bucket' },
    });

    expect(describeFieldError(error, fields)).toEqual({
      field: 'bucket',
      message: 'Access denied',
    });
  });

  it('ignores a field property that names no field', async () => {
    const error = await responseError(400, {
      error: { name: 'InputError', message: 'Bad value', field: 'token' },
    });

    expect(describeFieldError(error, fields)).toEqual({
      message: 'Bad value',
    });
  });

  it('finds the field whose title starts the message', async () => {
    const error = await responseError(400, {
      error: {
        name: 'InputError',
        message: 'Secret access key is missing. Enter the secret.',
      },
    });

    expect(describeFieldError(error, fields)).toEqual({
      field: 'secretAccessKey',
      message: 'Secret access key is missing. Enter the secret.',
    });
  });

  it('keeps other statuses for the whole form', async () => {
    const error = await responseError(502, {
      error: { name: 'Error', message: 'Bucket service unavailable' },
    });

    expect(describeFieldError(error, fields)).toEqual({
      message: 'Bucket service unavailable',
    });
  });

  it('describes errors that are not responses', () => {
    expect(describeFieldError(new Error('offline'), fields)).toEqual({
      message: 'offline',
    });
  });
});
