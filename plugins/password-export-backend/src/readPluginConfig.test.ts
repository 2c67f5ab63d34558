import { ConfigReader } from '@backstage/config';
import { availableParallelism } from 'node:os';
import { readPluginConfig } from './readPluginConfig';

function read(passwordExport: object) {
  return readPluginConfig(new ConfigReader({ passwordExport }));
}

describe('readPluginConfig', () => {
  it('applies defaults', () => {
    expect(read({})).toEqual({
      passphraseMinLength: 12,
      kdfIterations: undefined,
      kdfMaxConcurrent: Math.max(1, availableParallelism() - 1),
      staleAfterDays: 30,
      demoAccountsPath: undefined,
      portalTitle: undefined,
    });
  });

  it('reads every key', () => {
    const config = readPluginConfig(
      new ConfigReader({
        app: { title: 'Ops portal' },
        passwordExport: {
          passphrase: { minLength: 16 },
          kdf: { iterations: 900_000, maxConcurrent: 3 },
          viewer: { staleAfterDays: 7 },
          demoAccounts: 'examples/accounts.yaml',
        },
      }),
    );

    expect(config).toEqual({
      passphraseMinLength: 16,
      kdfIterations: 900_000,
      kdfMaxConcurrent: 3,
      staleAfterDays: 7,
      demoAccountsPath: 'examples/accounts.yaml',
      portalTitle: 'Ops portal',
    });
  });

  it('rejects values out of range with the config key', () => {
    expect(() => read({ passphrase: { minLength: 4 } })).toThrow(
      'passwordExport.passphrase.minLength is invalid: expected an integer from 8 to 1024, got 4',
    );
    expect(() => read({ kdf: { iterations: 1000 } })).toThrow(
      'passwordExport.kdf.iterations is invalid',
    );
    expect(() => read({ kdf: { maxConcurrent: 0 } })).toThrow(
      'passwordExport.kdf.maxConcurrent is invalid: expected a positive integer, got 0',
    );
    expect(() => read({ viewer: { staleAfterDays: 0 } })).toThrow(
      'passwordExport.viewer.staleAfterDays is invalid',
    );
  });
});
