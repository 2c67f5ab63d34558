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
      resync: {
        debounceMs: 5000,
        maxDelayMs: 60_000,
        intervalMs: 60_000,
        timeoutMs: 600_000,
        retryInitialDelayMs: 30_000,
        retryMaxDelayMs: 3_600_000,
        deleteOrphanedCopies: true,
        accessMaxAgeMs: 604_800_000,
      },
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
          resync: {
            debounce: 250,
            interval: '30s',
            timeout: 'PT5M',
            retry: { initialDelay: { seconds: 2 }, maxDelay: '10 minutes' },
            deleteOrphanedCopies: false,
            accessMaxAge: '2 days',
          },
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
      resync: {
        debounceMs: 250,
        maxDelayMs: 3000,
        intervalMs: 30_000,
        timeoutMs: 300_000,
        retryInitialDelayMs: 2000,
        retryMaxDelayMs: 600_000,
        deleteOrphanedCopies: false,
        accessMaxAgeMs: 172_800_000,
      },
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

  it('rejects re-sync durations that are malformed or out of range', () => {
    expect(() => read({ resync: { debounce: 'soon' } })).toThrow(
      'passwordExport.resync.debounce is invalid: expected milliseconds, a duration such as "5s"',
    );
    expect(() => read({ resync: { debounce: -1 } })).toThrow(
      'passwordExport.resync.debounce is invalid: expected a duration from 0 to 3600000 milliseconds, got -1',
    );
    expect(() => read({ resync: { interval: '10ms' } })).toThrow(
      'passwordExport.resync.interval is invalid: expected a duration from 1000',
    );
    expect(() =>
      read({ resync: { retry: { initialDelay: '1m', maxDelay: '30s' } } }),
    ).toThrow(
      'passwordExport.resync.retry.maxDelay is invalid: expected a duration from 60000',
    );
  });
});
