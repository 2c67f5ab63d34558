import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { availableParallelism } from 'node:os';

/** Settings of the automatic re-sync of synced copies, in milliseconds. */
export interface ResyncConfig {
  /** Time without account changes after which a changed copy is re-synced. */
  debounceMs: number;
  /**
   * Time after the first unsynced change after which a copy is re-synced
   * even while changes keep arriving: 12 times the debounce.
   */
  maxDelayMs: number;
  /** Frequency of the scheduled pass that catches missed re-syncs. */
  intervalMs: number;
  /** Time after which the scheduled pass is aborted. */
  timeoutMs: number;
  /** Wait before the first retry of a failed re-sync; doubles per failure. */
  retryInitialDelayMs: number;
  /** Maximum wait between retries. */
  retryMaxDelayMs: number;
  /** Whether copies of entities gone from the catalog are deleted remotely. */
  deleteOrphanedCopies: boolean;
  /**
   * Time after the export policy last allowed a copy for its user after
   * which re-syncs pause until the user confirms the access again.
   */
  accessMaxAgeMs: number;
}

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
  /** Automatic re-sync of synced copies. */
  resync: ResyncConfig;
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
    resync: readResyncConfig(config),
  };
}

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;

/**
 * Reads an optional duration given as milliseconds, as a string such as
 * `5s` or `PT5S`, or as an object such as `{ seconds: 5 }`.
 *
 * @throws Error naming the key when the value is malformed or out of range.
 */
function readDurationMs(
  config: Config,
  key: string,
  options: { defaultMs: number; minMs: number; maxMs: number },
): number {
  if (!config.has(key)) {
    return options.defaultMs;
  }
  const value = config.get(key);
  let ms: number;
  if (typeof value === 'number') {
    ms = value;
  } else {
    try {
      ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
    } catch (error) {
      throw new Error(
        `${key} is invalid: expected milliseconds, a duration such as "5s" or "PT5S", or an object such as { seconds: 5 }; ${
          (error as Error).message
        }`,
      );
    }
  }
  if (!Number.isFinite(ms) || ms < options.minMs || ms > options.maxMs) {
    throw new Error(
      `${key} is invalid: expected a duration from ${options.minMs} to ${options.maxMs} milliseconds, got ${ms}`,
    );
  }
  return Math.round(ms);
}

function readResyncConfig(config: Config): ResyncConfig {
  const prefix = 'passwordExport.resync';
  const debounceMs = readDurationMs(config, `${prefix}.debounce`, {
    defaultMs: 5 * SECOND_MS,
    minMs: 0,
    maxMs: HOUR_MS,
  });
  const retryInitialDelayMs = readDurationMs(
    config,
    `${prefix}.retry.initialDelay`,
    { defaultMs: 30 * SECOND_MS, minMs: 100, maxMs: 24 * HOUR_MS },
  );
  const retryMaxDelayMs = readDurationMs(config, `${prefix}.retry.maxDelay`, {
    defaultMs: HOUR_MS,
    minMs: retryInitialDelayMs,
    maxMs: 7 * 24 * HOUR_MS,
  });

  return {
    debounceMs,
    maxDelayMs: Math.max(12 * debounceMs, SECOND_MS),
    intervalMs: readDurationMs(config, `${prefix}.interval`, {
      defaultMs: 60 * SECOND_MS,
      minMs: SECOND_MS,
      maxMs: 24 * HOUR_MS,
    }),
    timeoutMs: readDurationMs(config, `${prefix}.timeout`, {
      defaultMs: 10 * 60 * SECOND_MS,
      minMs: 10 * SECOND_MS,
      maxMs: 24 * HOUR_MS,
    }),
    retryInitialDelayMs,
    retryMaxDelayMs,
    deleteOrphanedCopies:
      config.getOptionalBoolean(`${prefix}.deleteOrphanedCopies`) ?? true,
    accessMaxAgeMs: readDurationMs(config, `${prefix}.accessMaxAge`, {
      defaultMs: 7 * 24 * HOUR_MS,
      minMs: HOUR_MS,
      maxMs: 365 * 24 * HOUR_MS,
    }),
  };
}
