export interface Config {
  passwordExport?: {
    providers?: {
      /**
       * Presets of the Dropbox provider's admin settings. A preset key is
       * fixed: the Cloud Storage page shows it read-only.
       */
      dropbox?: {
        /**
         * App key of the Dropbox app, from the Settings tab of the app in
         * the Dropbox App Console.
         * @visibility backend
         */
        appKey?: string;
        /**
         * App secret of the Dropbox app. Optional: when set, the portal
         * sends it when it refreshes access tokens.
         * @visibility secret
         */
        appSecret?: string;
        /**
         * Name of the app folder under "Apps" in each Dropbox, used only to
         * show users where their files are.
         * @visibility backend
         */
        appFolderName?: string;
      };
    };
    /**
     * Origins of local servers that replace the cloud providers' hosts, by
     * provider id. Only for local servers in tests and the demo portal;
     * never set them in production.
     */
    serviceUrls?: {
      /**
       * Origin of a local Dropbox server, such as http://127.0.0.1:4569.
       * When set, every Dropbox host (www.dropbox.com, api.dropboxapi.com,
       * content.dropboxapi.com, notify.dropboxapi.com) is replaced by it, and
       * the backend logs a warning at startup.
       * @visibility backend
       */
      dropbox?: string;
    };
  };
}
