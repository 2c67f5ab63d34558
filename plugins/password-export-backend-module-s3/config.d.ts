export interface Config {
  passwordExport?: {
    providers?: {
      /**
       * Presets of the Amazon S3 provider's admin settings. An admin can
       * change each one on the Cloud Storage page; these values apply until
       * then.
       */
      s3?: {
        /**
         * Object key prefix in each user's bucket, such as
         * "password-exports/". An empty string writes at the top of the
         * bucket. Default "password-exports/".
         * @visibility backend
         */
        prefix?: string;
        /**
         * Server-side encryption S3 applies to uploaded files: "none" (the
         * bucket's default), "AES256" (SSE-S3) or "aws:kms" (SSE-KMS).
         * Default "none".
         * @visibility backend
         */
        serverSideEncryption?: 'none' | 'AES256' | 'aws:kms';
        /**
         * Key id or ARN of the AWS KMS key used with "aws:kms".
         * @visibility backend
         */
        kmsKeyId?: string;
        /**
         * Whether users may connect S3-compatible stores by entering an
         * endpoint URL. Default false.
         * @visibility backend
         */
        allowCustomEndpoints?: boolean;
      };
    };
  };
}
