import { Config } from '@backstage/config';
import { availableParallelism } from 'node:os';

/** Settings of the plugin read from `passwordExport`, with defaults applied. */
export interface PluginConfig {
  /** Minimum passphrase length of encrypted exports. */
  passphraseMinLength: number;
  /** PBKDF2 iterations of encrypted exports; undefined uses the format's default. */
  kdfIterations?: number;
  /** Maximum number of encrypted exports that derive keys at the same time. */
  kdfMaxConcurrent: number;
  /** Days after which the viewer calls an export stale. */
  staleAfterDays: number;
  /** Path of the demo accounts file, relative to the working directory. */
  demoAccountsPath?: string;
  /** Title of the portal, shown in the viewer. */
  portalTitle?: string;
}

/** Smallest accepted `passwordExport.passphrase.minLength`. */
const MIN_PASSPHRASE_LENGTH_FLOOR = 8;

/**
 * Reads the plugin's settings.
 *
 * @throws Error naming the config key when a value is out of range.
 */
export function readPluginConfig(config: Config): PluginConfig {
  const passphraseMinLength =
    config.getOptionalNumber('passwordExport.passphrase.minLength') ?? 12;
  if (
    !Number.isInteger(passphraseMinLength) ||
    passphraseMinLength < MIN_PASSPHRASE_LENGTH_FLOOR ||
    passphraseMinLength > 1024
  ) {
    throw new Error(
      `passwordExport.passphrase.minLength is invalid: expected an integer from ${MIN_PASSPHRASE_LENGTH_FLOOR} to 1024, got ${passphraseMinLength}`,
    );
  }

  const kdfIterations = config.getOptionalNumber(
    'passwordExport.kdf.iterations',
  );
  if (
    kdfIterations !== undefined &&
    (!Number.isInteger(kdfIterations) ||
      kdfIterations < 100_000 ||
      kdfIterations > 10_000_000)
  ) {
    throw new Error(
      `passwordExport.kdf.iterations is invalid: expected an integer from 100000 to 10000000, got ${kdfIterations}`,
    );
  }

  // One core stays free for the event loop: each key derivation keeps a core
  // busy for about 100 ms, and on a small machine a burst of exports would
  // otherwise starve request handling.
  const kdfMaxConcurrent =
    config.getOptionalNumber('passwordExport.kdf.maxConcurrent') ??
    Math.max(1, availableParallelism() - 1);
  if (!Number.isInteger(kdfMaxConcurrent) || kdfMaxConcurrent < 1) {
    throw new Error(
      `passwordExport.kdf.maxConcurrent is invalid: expected a positive integer, got ${kdfMaxConcurrent}`,
    );
  }

  const staleAfterDays =
    config.getOptionalNumber('passwordExport.viewer.staleAfterDays') ?? 30;
  if (!Number.isInteger(staleAfterDays) || staleAfterDays < 1) {
    throw new Error(
      `passwordExport.viewer.staleAfterDays is invalid: expected a positive integer, got ${staleAfterDays}`,
    );
  }

  return {
    passphraseMinLength,
    kdfIterations,
    kdfMaxConcurrent,
    staleAfterDays,
    demoAccountsPath: config.getOptionalString('passwordExport.demoAccounts'),
    portalTitle: config.getOptionalString('app.title'),
  };
}
