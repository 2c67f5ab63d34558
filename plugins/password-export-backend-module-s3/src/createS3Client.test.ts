import { createS3Client, resolveServiceUrl } from './createS3Client';

const connection = {
  accessKeyId: 'AKIAUSERKEY000000001',
  secretAccessKey: 'user-secret-0123456789abcdefghijklmnopqr',
  bucket: 'my-exports',
  region: 'eu-west-1',
};

describe('resolveServiceUrl', () => {
  it.each([
    [{ region: 'eu-west-1' }, 'https://s3.eu-west-1.amazonaws.com'],
    [{ region: 'cn-north-1' }, 'https://s3.cn-north-1.amazonaws.com.cn'],
    [
      { region: 'auto', endpoint: 'http://127.0.0.1:9000' },
      'http://127.0.0.1:9000',
    ],
  ])('resolves %j to %s', (location, url) => {
    expect(resolveServiceUrl(location)).toBe(url);
  });
});

describe('createS3Client', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
  });

  it('signs with the given keys even when the environment has others', async () => {
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_ACCESS_KEY_ID = 'AKIAENVIRONMENTBOGUS';
    process.env.AWS_SECRET_ACCESS_KEY = 'environment-secret';

    const s3 = createS3Client(connection, 1000);
    const credentials = await s3.client.config.credentials();
    s3.destroy();

    expect(credentials.accessKeyId).toBe(connection.accessKeyId);
    expect(credentials.secretAccessKey).toBe(connection.secretAccessKey);
  });

  it('ignores AWS_ENDPOINT_URL from the environment', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:1';
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:1';

    const s3 = createS3Client(connection, 1000);
    const endpoint = s3.client.config.endpoint;
    s3.destroy();

    expect(endpoint).toBeUndefined();
    expect(s3.client.config.isCustomEndpoint).toBe(false);
  });

  it('configures a custom endpoint for S3-compatible stores', async () => {
    const s3 = createS3Client(
      { ...connection, endpoint: 'http://127.0.0.1:9000' },
      1000,
    );
    const endpoint = await s3.client.config.endpoint!();
    const checksum = await s3.client.config.requestChecksumCalculation();
    s3.destroy();

    expect(endpoint.hostname).toBe('127.0.0.1');
    expect(endpoint.port).toBe(9000);
    expect(s3.client.config.forcePathStyle).toBe(true);
    expect(checksum).toBe('WHEN_REQUIRED');
  });

  it('rejects missing keys before creating a client', () => {
    expect(() =>
      createS3Client({ ...connection, secretAccessKey: '' }, 1000),
    ).toThrow('S3 client requires an access key id and secret');
  });
});
