import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Settings of the password export plugin. */
  passwordExport?: {
    /** Encryption of secrets at rest (account passwords and notes). */
    encryption?: {
      /**
       * Keys that encrypt stored secrets. The first key encrypts new values;
       * every key decrypts, so a rotated key stays listed until no value uses
       * it. Required unless the database is SQLite in memory.
       */
      keys?: Array<{
        /**
         * Id stored beside each value: 1 to 64 letters, digits, dots,
         * underscores or hyphens.
         */
        id: string;
        /**
         * 32 random bytes in base64.
         * @visibility secret
         */
        secret: string;
      }>;
    };
    /** Rules of export passphrases. */
    passphrase?: {
      /** Minimum number of characters, 8 to 1024. Defaults to 12. */
      minLength?: number;
    };
    /** Key derivation of encrypted exports. */
    kdf?: {
      /**
       * PBKDF2-HMAC-SHA256 iterations, 100,000 to 10,000,000. Defaults to
       * the file format's default of 600,000.
       */
      iterations?: number;
      /**
       * Maximum number of encrypted exports that derive their key at the
       * same time; further exports wait. Defaults to the number of CPUs
       * minus one, at least 1, so that request handling keeps a CPU.
       */
      maxConcurrent?: number;
    };
    /** Settings written into encrypted exports for the viewer. */
    viewer?: {
      /** Days after which the viewer warns that an export is stale. Defaults to 30. */
      staleAfterDays?: number;
    };
    /**
     * Automatic re-sync of synced copies: files exported to cloud storage
     * with "keep this copy up to date", which the backend re-encrypts for
     * the same passphrase and uploads again when an account changes.
     * Durations are milliseconds, strings such as `5s` or `PT5S`, or
     * objects such as `{ seconds: 5 }`.
     */
    resync?: {
      /**
       * Time without account changes after which the copies of a changed
       * resource are re-synced, so that a burst of edits causes one upload.
       * While changes keep arriving, a copy becomes due 12 times this long
       * after its first unsynced change. 0 to 1 hour; defaults to 5 seconds.
       */
      debounce?: number | string | HumanDuration;
      /**
       * Frequency of the scheduled pass that re-syncs every due copy,
       * including changes that another backend replica recorded. It runs on
       * one replica at a time. 1 second to 24 hours; defaults to 1 minute.
       */
      interval?: number | string | HumanDuration;
      /**
       * Time after which the scheduled pass is aborted. 10 seconds to 24
       * hours; defaults to 10 minutes.
       */
      timeout?: number | string | HumanDuration;
      /** Retries of a failed re-sync, with exponential backoff. */
      retry?: {
        /**
         * Wait before the first retry, doubled after each further failure.
         * 100 milliseconds to 24 hours; defaults to 30 seconds.
         */
        initialDelay?: number | string | HumanDuration;
        /**
         * Maximum wait between retries, at least initialDelay and at most
         * 7 days; defaults to 1 hour.
         */
        maxDelay?: number | string | HumanDuration;
      };
      /**
       * Whether to delete the remote file of a copy whose user or resource
       * entity is no longer in the catalog. When false, such a copy is only
       * stopped. Defaults to true.
       */
      deleteOrphanedCopies?: boolean;
      /**
       * Time after which re-syncs of a copy pause until its user confirms
       * the access. The user is not present during a re-sync, so the export
       * policy is evaluated for the user only when they open the synced
       * copies page. A copy that the policy no longer allows stops then.
       * 1 hour to 365 days; defaults to 7 days.
       */
      accessMaxAge?: number | string | HumanDuration;
    };
    /**
     * YAML file of demo accounts, relative to the backend's working
     * directory; its accounts are added to resources that have none.
     */
    demoAccounts?: string;
    /**
     * Presets of the cloud storage providers, by provider id such as `s3`.
     * A preset key is fixed: the Cloud Storage admin page shows it read-only
     * and the API rejects a change to it. The effective value of a setting
     * is its preset, else the value an admin saved, else the provider's
     * default.
     */
    providers?: {
      [providerId: string]: {
        /**
         * Whether users may connect and export to the provider. When absent,
         * admins switch it on the Cloud Storage page; providers start off.
         */
        enabled?: boolean;
        /**
         * Preset of a setting of the provider, under the setting's key.
         * Keys must be settings the provider declares, or the backend fails
         * to start. Every value is treated as secret, because some are, for
         * example an OAuth client secret.
         * @visibility secret
         */
        [settingKey: string]: string | boolean | undefined;
      };
    };
  };
}
