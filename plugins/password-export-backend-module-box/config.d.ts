export interface Config {
  passwordExport?: {
    providers?: {
      /**
       * Presets of the Box provider's admin settings. A preset is fixed: the
       * Cloud Storage page shows it read-only.
       */
      box?: {
        /**
         * Client ID of the Box app (OAuth 2.0 with user authentication).
         * @visibility backend
         */
        clientId?: string;
        /**
         * Client secret of the Box app.
         * @visibility secret
         */
        clientSecret?: string;
        /**
         * Folder that the portal creates at the top of each user's Box.
         * Default "Backstage password exports".
         * @visibility backend
         */
        folderName?: string;
      };
    };
    /**
     * Origins of local servers that replace the cloud storage services, by
     * provider id. For tests and the demo portal only: when set, the
     * backend logs a warning at startup.
     */
    serviceUrls?: {
      /**
       * Origin of a local Box server, such as http://127.0.0.1:4570, that
       * replaces api.box.com, upload.box.com and account.box.com.
       * @visibility backend
       */
      box?: string;
    };
  };
}
