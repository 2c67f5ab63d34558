import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { FakeStorageProvider } from '../__testUtils__/createFakeStorageModule';
import { readProviderPresets } from './readProviderPresets';

const provider = new FakeStorageProvider('fake', 'Fake Storage');

function read(providers: object) {
  const logger = mockServices.logger.mock();
  const presets = readProviderPresets(
    new ConfigReader({ passwordExport: { providers } }),
    [provider],
    logger,
  );
  return { presets, logger };
}

describe('readProviderPresets', () => {
  it('reads enabled and setting values', () => {
    const { presets } = read({
      fake: { enabled: true, mode: 'safe', shared: true, clientSecret: 's' },
    });

    expect(presets.get('fake')).toEqual({
      enabled: true,
      values: { mode: 'safe', shared: true, clientSecret: 's' },
    });
  });

  it('returns empty presets without config', () => {
    const { presets } = read({});

    expect(presets.get('fake')).toEqual({ values: {} });
  });

  it('rejects an enum value outside the options', () => {
    expect(() => read({ fake: { mode: 'turbo' } })).toThrow(
      'passwordExport.providers.fake.mode is invalid: "turbo" is not one of fast, safe',
    );
  });

  it('rejects a value of the wrong type', () => {
    expect(() => read({ fake: { shared: 'maybe' } })).toThrow(
      "Unable to convert config value for key 'passwordExport.providers.fake.shared'",
    );
  });

  it('warns about presets of missing providers', () => {
    const { logger } = read({ dropbox: { enabled: true } });

    expect(logger.warn).toHaveBeenCalledWith(
      'passwordExport.providers.dropbox is ignored because no module adds a provider with id "dropbox"',
    );
  });
});
