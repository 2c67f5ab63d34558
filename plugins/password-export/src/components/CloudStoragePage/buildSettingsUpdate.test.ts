import { ProviderView } from '@internal/backstage-plugin-password-export-common';
import { buildSettingsUpdate, hasSettingsChanges } from './buildSettingsUpdate';

const provider: ProviderView = {
  id: 'box',
  title: 'Box',
  connectionMethod: 'oauth-redirect',
  enabled: true,
  connectionFields: [],
  settingsFields: [
    { key: 'clientId', title: 'Client id', type: 'string' },
    {
      key: 'clientSecret',
      title: 'Client secret',
      type: 'string',
      secret: true,
    },
    { key: 'folder', title: 'Folder', type: 'string' },
    { key: 'shared', title: 'Shared', type: 'boolean' },
    { key: 'region', title: 'Region', type: 'enum', options: [] },
  ],
  settings: {
    clientId: 'client-1',
    clientSecret: { secret: true, set: true },
    shared: true,
    region: 'eu',
  },
  presetKeys: ['region'],
};

describe('buildSettingsUpdate', () => {
  it('sends only changed values', () => {
    expect(
      buildSettingsUpdate(provider, true, {
        clientId: 'client-1',
        folder: 'exports',
        shared: false,
      }),
    ).toEqual({ enabled: true, values: { folder: 'exports', shared: false } });
  });

  it('keeps a secret unless it is replaced or cleared', () => {
    expect(
      buildSettingsUpdate(provider, true, { clientSecret: '' }).values,
    ).toEqual({});
    expect(
      buildSettingsUpdate(provider, true, { clientSecret: 'new-secret' })
        .values,
    ).toEqual({ clientSecret: 'new-secret' });
    expect(
      buildSettingsUpdate(provider, true, { clientSecret: null }).values,
    ).toEqual({ clientSecret: null });
  });

  it('does not clear a secret that is not set', () => {
    const unset: ProviderView = {
      ...provider,
      settings: { clientSecret: { secret: true, set: false } },
    };

    expect(
      buildSettingsUpdate(unset, true, { clientSecret: null }).values,
    ).toEqual({});
  });

  it('never sends preset keys', () => {
    expect(buildSettingsUpdate(provider, false, { region: 'us' })).toEqual({
      enabled: false,
      values: {},
    });
  });

  it('clears a plain value with null', () => {
    expect(
      buildSettingsUpdate(provider, true, { clientId: null, folder: null })
        .values,
    ).toEqual({ clientId: null });
  });
});

describe('hasSettingsChanges', () => {
  it('notices the switch and changed values', () => {
    expect(hasSettingsChanges(provider, true, {})).toBe(false);
    expect(hasSettingsChanges(provider, false, {})).toBe(true);
    expect(hasSettingsChanges(provider, true, { clientId: 'client-2' })).toBe(
      true,
    );
    expect(hasSettingsChanges(provider, true, { clientId: 'client-1' })).toBe(
      false,
    );
  });
});
