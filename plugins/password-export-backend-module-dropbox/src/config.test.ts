import { ConfigReader } from '@backstage/config';
import {
  dropboxSettingFields,
  readDropboxServiceUrl,
  readDropboxSettings,
} from './config';

describe('readDropboxSettings', () => {
  it('reads and trims the settings', () => {
    expect(
      readDropboxSettings({
        appKey: ' a1b2c3d4e5f6g7h ',
        appSecret: ' s3cr3t ',
        appFolderName: ' Password Export ',
      }),
    ).toEqual({
      appKey: 'a1b2c3d4e5f6g7h',
      appSecret: 's3cr3t',
      appFolderName: 'Password Export',
    });
  });

  it('treats empty optional settings as absent', () => {
    expect(
      readDropboxSettings({
        appKey: 'key1',
        appSecret: '',
        appFolderName: ' ',
      }),
    ).toEqual({
      appKey: 'key1',
      appSecret: undefined,
      appFolderName: undefined,
    });
  });

  it.each([
    [{}, /app key is not set/],
    [{ appKey: '  ' }, /app key is not set/],
    [{ appKey: 'key&client_id=x' }, /app key "key&client_id=x" is invalid/],
    [{ appKey: true }, /Setting "appKey" must be a string/],
  ])('rejects the app key of %j', (settings, message) => {
    expect(() => readDropboxSettings(settings)).toThrow(message);
  });

  it('rejects a folder name with a slash', () => {
    expect(() =>
      readDropboxSettings({ appKey: 'key1', appFolderName: 'Apps/Other' }),
    ).toThrow(/app folder name is invalid/);
  });

  it('marks only the app secret as secret and the app key as required', () => {
    expect(
      dropboxSettingFields.map(({ key, required, secret }) => ({
        key,
        required,
        secret,
      })),
    ).toEqual([
      { key: 'appKey', required: true, secret: undefined },
      { key: 'appSecret', required: undefined, secret: true },
      { key: 'appFolderName', required: undefined, secret: undefined },
    ]);
  });
});

describe('readDropboxServiceUrl', () => {
  const read = (dropbox?: string) =>
    readDropboxServiceUrl(
      new ConfigReader(
        dropbox === undefined
          ? {}
          : { passwordExport: { serviceUrls: { dropbox } } },
      ),
    );

  it('is absent by default', () => {
    expect(read()).toBeUndefined();
  });

  it('returns the origin without a trailing slash', () => {
    expect(read('http://127.0.0.1:4570/')).toBe('http://127.0.0.1:4570');
    expect(read('https://dropbox.test')).toBe('https://dropbox.test');
  });

  it.each([
    ['not a url', /the value is not a URL/],
    ['ftp://127.0.0.1:4570', /must be an http or https origin/],
    ['http://127.0.0.1:4570/api', /must be an http or https origin/],
    ['http://127.0.0.1:4570/?x=1', /must be an http or https origin/],
  ])('rejects %s', (value, message) => {
    expect(() => read(value)).toThrow(message);
  });

  it('does not quote credentials in the URL', () => {
    expect(() => read('http://user:hunter22@127.0.0.1:4570')).toThrow(
      /^(?!.*hunter22).*must be an http or https origin/,
    );
  });
});
