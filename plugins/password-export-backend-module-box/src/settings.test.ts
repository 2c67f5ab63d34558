import {
  boxSettingFields,
  DEFAULT_FOLDER_NAME,
  resolveBoxSettings,
  resolveFolderName,
} from './settings';

const valid = { clientId: 'abc123', clientSecret: 'secret-value-42' };

function defectOf(settings: Record<string, string | boolean | undefined>) {
  try {
    resolveBoxSettings(settings);
  } catch (error) {
    return error as Error & { kind: string; field?: string };
  }
  throw new Error('expected the settings to be rejected');
}

describe('resolveBoxSettings', () => {
  it('trims the client values and applies the default folder', () => {
    expect(
      resolveBoxSettings({
        clientId: ' abc123 ',
        clientSecret: 'secret-value-42\n',
      }),
    ).toEqual({ ...valid, folderName: DEFAULT_FOLDER_NAME });
  });

  it('keeps a valid folder name', () => {
    expect(
      resolveBoxSettings({ ...valid, folderName: 'Exports 2026' }).folderName,
    ).toBe('Exports 2026');
  });

  it.each([
    ['clientId', { clientSecret: 's' }, /client ID is missing/],
    ['clientSecret', { clientId: 'c' }, /client secret is missing/],
    ['clientId', { ...valid, clientId: 'two words' }, /client ID is invalid/],
    ['folderName', { ...valid, folderName: '..' }, /"\.\." is invalid/],
    ['folderName', { ...valid, folderName: 'a/b' }, /"a\/b" is invalid/],
    ['folderName', { ...valid, folderName: true }, /must be text/],
  ])('rejects %s in %j', (field, settings, message) => {
    const error = defectOf(settings);

    expect(error.kind).toBe('invalid-input');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('never echoes a rejected client secret', () => {
    const error = defectOf({ ...valid, clientSecret: 'top secret value' });

    expect(error.field).toBe('clientSecret');
    expect(error.message).not.toContain('top secret');
  });
});

describe('resolveFolderName', () => {
  it('uses the default for an empty value', () => {
    expect(resolveFolderName({ folderName: '' })).toBe(DEFAULT_FOLDER_NAME);
  });
});

describe('boxSettingFields', () => {
  it('marks the client secret as secret and required', () => {
    const secret = boxSettingFields.find(field => field.key === 'clientSecret');

    expect(secret).toMatchObject({ secret: true, required: true });
    expect(boxSettingFields.map(field => field.key)).toEqual([
      'clientId',
      'clientSecret',
      'folderName',
    ]);
  });
});
