import {
  maskAccessKeyId,
  validateConnectionInput,
} from './validateConnectionInput';

const valid = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  bucket: 'my-exports',
  region: 'eu-west-1',
};

function defectOf(
  input: Record<string, string | undefined>,
  allowCustomEndpoints = true,
) {
  try {
    validateConnectionInput(input, { allowCustomEndpoints });
  } catch (error) {
    return error as Error & { kind: string; field?: string };
  }
  throw new Error('expected the input to be rejected');
}

describe('validateConnectionInput', () => {
  it('accepts and trims valid input', () => {
    expect(
      validateConnectionInput(
        {
          ...valid,
          accessKeyId: ` ${valid.accessKeyId}\n`,
          bucket: 'my-exports ',
        },
        { allowCustomEndpoints: false },
      ),
    ).toEqual({ ...valid, endpoint: undefined });
  });

  it.each(['abc', 'a'.repeat(63), 'my.exports.2026', 'exports-1', '1exports'])(
    'accepts the bucket name %s',
    bucket => {
      expect(
        validateConnectionInput(
          { ...valid, bucket },
          { allowCustomEndpoints: false },
        ).bucket,
      ).toBe(bucket);
    },
  );

  it.each([
    ['ab', /has 2 characters, but must have 3 to 63/],
    ['a'.repeat(64), /has 64 characters/],
    ['My-Exports', /only lowercase letters, digits, dots and hyphens/],
    ['my_exports', /only lowercase letters/],
    ['-exports', /begin and end with a lowercase letter or digit/],
    ['exports.', /begin and end/],
    ['my..exports', /two adjacent dots/],
    ['10.0.0.1', /IP address/],
    ['xn--exports', /reserved prefix "xn--"/],
    ['sthree-exports', /reserved prefix "sthree-"/],
    ['amzn-s3-demo-bucket', /reserved prefix "amzn-s3-demo-"/],
    ['exports-s3alias', /reserved suffix "-s3alias"/],
    ['exports--ol-s3', /reserved suffix "--ol-s3"/],
    ['exports.mrap', /reserved suffix ".mrap"/],
    ['exports--x-s3', /reserved suffix "--x-s3"/],
    ['exports--table-s3', /reserved suffix "--table-s3"/],
  ])('rejects the bucket name %s', (bucket, rule) => {
    const error = defectOf({ ...valid, bucket });

    expect(error.field).toBe('bucket');
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toContain(`Bucket name "${bucket}" is invalid`);
    expect(error.message).toMatch(rule);
  });

  it.each([
    'us-east-1',
    'eu-central-2',
    'us-gov-west-1',
    'cn-north-1',
    'ap-southeast-4',
  ])('accepts the region %s', region => {
    expect(
      validateConnectionInput(
        { ...valid, region },
        { allowCustomEndpoints: false },
      ).region,
    ).toBe(region);
  });

  it.each(['EU-WEST-1', 'eu-west', 'eu west 1', 'euwest1', 'eu-west-100'])(
    'rejects the region %s',
    region => {
      const error = defectOf({ ...valid, region });

      expect(error.field).toBe('region');
      expect(error.message).toContain(`Region "${region}" is invalid`);
    },
  );

  it('accepts store-specific regions with a custom endpoint', () => {
    expect(
      validateConnectionInput(
        {
          ...valid,
          region: 'auto',
          endpoint: 'https://minio.example.com:9000/',
        },
        { allowCustomEndpoints: true },
      ),
    ).toMatchObject({
      region: 'auto',
      endpoint: 'https://minio.example.com:9000',
    });
  });

  it.each([
    ['accessKeyId', undefined, /Access key id is missing/],
    ['accessKeyId', '', /Access key id is missing/],
    ['accessKeyId', 'AKIA EXAMPLE 1234', /without spaces/],
    ['secretAccessKey', undefined, /Secret access key is missing/],
    ['secretAccessKey', '  ', /Secret access key is missing/],
    ['secretAccessKey', 'two words', /contains spaces/],
    ['bucket', '', /Bucket is missing/],
    ['region', '', /Region is missing/],
  ])('rejects %s set to %j', (field, value, message) => {
    const error = defectOf({ ...valid, [field]: value });

    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('never echoes a rejected secret', () => {
    const error = defectOf({ ...valid, secretAccessKey: 'top secret value' });

    expect(error.message).not.toContain('top secret value');
  });

  it('rejects an endpoint when custom endpoints are disabled', () => {
    const error = defectOf(
      { ...valid, endpoint: 'https://minio.example.com' },
      false,
    );

    expect(error.field).toBe('endpoint');
    expect(error.message).toContain('Custom endpoints are disabled');
  });

  it.each([
    ['minio.example.com', /it is not a URL/],
    ['ftp://minio.example.com', /must start with https:\/\//],
    ['https://minio.example.com/bucket', /must not have a path/],
    ['https://minio.example.com/?x=1', /must not have a path, query/],
    ['http://169.254.169.254', /link-local/],
    ['http://[fe80::1]', /link-local/],
    ['http://[fd00:ec2::254]', /link-local/],
    ['http://[::ffff:169.254.169.254]', /link-local/],
  ])('rejects the endpoint %s', (endpoint, message) => {
    const error = defectOf({ ...valid, endpoint });

    expect(error.field).toBe('endpoint');
    expect(error.message).toMatch(message);
  });

  it('rejects an endpoint with credentials without echoing them', () => {
    const error = defectOf({
      ...valid,
      endpoint: 'https://admin:hunter2@minio.example.com',
    });

    expect(error.message).toContain('must not contain a user name or password');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('maskAccessKeyId', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', 'AKIA…MPLE'],
    ['ASIAIOSFODNN7EXAMPLE', 'ASIA…MPLE'],
    ['minio-user-key-42', '…y-42'],
    ['short', '…'],
  ])('masks %s as %s', (accessKeyId, masked) => {
    expect(maskAccessKeyId(accessKeyId)).toBe(masked);
  });
});
