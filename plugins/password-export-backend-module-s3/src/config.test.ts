import { ConfigReader } from '@backstage/config';
import {
  createS3SettingFields,
  readS3ProviderDefaults,
  resolveS3Settings,
} from './config';

const builtIn = readS3ProviderDefaults(new ConfigReader({}));

describe('readS3ProviderDefaults', () => {
  it('uses the built-in defaults without config', () => {
    expect(builtIn).toEqual({
      prefix: 'password-exports/',
      serverSideEncryption: 'none',
      kmsKeyId: undefined,
      allowCustomEndpoints: false,
    });
  });

  it('reads the presets', () => {
    const config = new ConfigReader({
      passwordExport: {
        providers: {
          s3: {
            prefix: 'team',
            serverSideEncryption: 'AES256',
            kmsKeyId: 'alias/later',
            allowCustomEndpoints: true,
          },
        },
      },
    });

    expect(readS3ProviderDefaults(config)).toEqual({
      prefix: 'team/',
      serverSideEncryption: 'AES256',
      kmsKeyId: 'alias/later',
      allowCustomEndpoints: true,
    });
  });

  it('names the config path of an invalid preset', () => {
    const config = new ConfigReader({
      passwordExport: { providers: { s3: { prefix: '/absolute' } } },
    });

    expect(() => readS3ProviderDefaults(config)).toThrow(
      'Invalid config at passwordExport.providers.s3: Object key prefix "/absolute" is invalid',
    );
  });
});

describe('resolveS3Settings', () => {
  it('fills absent settings from the defaults', () => {
    expect(resolveS3Settings({}, builtIn)).toEqual({
      prefix: 'password-exports/',
      serverSideEncryption: 'none',
      kmsKeyId: undefined,
      allowCustomEndpoints: false,
    });
  });

  it('accepts an empty prefix for the top of the bucket', () => {
    expect(resolveS3Settings({ prefix: '' }, builtIn).prefix).toBe('');
  });

  it('requires a KMS key id for SSE-KMS', () => {
    let thrown: unknown;
    try {
      resolveS3Settings({ serverSideEncryption: 'aws:kms' }, builtIn);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toMatchObject({ kind: 'invalid-input', field: 'kmsKeyId' });
    expect((thrown as Error).message).toContain('KMS key id is missing');
  });

  it('keeps the KMS key id only with SSE-KMS', () => {
    const kms = resolveS3Settings(
      { serverSideEncryption: 'aws:kms', kmsKeyId: ' alias/x ' },
      builtIn,
    );
    const none = resolveS3Settings(
      { serverSideEncryption: 'none', kmsKeyId: 'alias/x' },
      builtIn,
    );

    expect(kms.kmsKeyId).toBe('alias/x');
    expect(none.kmsKeyId).toBeUndefined();
  });

  it.each([
    [{ prefix: '/root' }, 'prefix', /must not start with "\/"/],
    [{ prefix: 'a/../b' }, 'prefix', /"\." or "\.\." segments/],
    [{ prefix: 'a\nb' }, 'prefix', /control characters/],
    [{ prefix: 'x'.repeat(513) }, 'prefix', /too long: 513 characters/],
    [
      { serverSideEncryption: 'AES128' },
      'serverSideEncryption',
      /"AES128" is invalid/,
    ],
    [{ allowCustomEndpoints: 'yes' }, 'allowCustomEndpoints', /true or false/],
    [{ prefix: true }, 'prefix', /must be a string/],
  ])('rejects %j', (settings, field, message) => {
    let thrown: unknown;
    try {
      resolveS3Settings(settings, builtIn);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toMatchObject({ kind: 'invalid-input', field });
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('createS3SettingFields', () => {
  it('describes every admin setting with its default', () => {
    const fields = createS3SettingFields(builtIn);

    expect(fields.map(field => [field.key, field.type, field.default])).toEqual(
      [
        ['prefix', 'string', 'password-exports/'],
        ['serverSideEncryption', 'enum', 'none'],
        ['kmsKeyId', 'string', undefined],
        ['allowCustomEndpoints', 'boolean', false],
      ],
    );
  });
});
