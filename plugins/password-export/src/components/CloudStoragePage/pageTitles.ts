// Kept apart from the page components so that the plugin's entry points can
// import them without loading the pages.

/** Title of the Cloud Storage page, also its entry in the sidebar. */
export const CLOUD_STORAGE_PAGE_TITLE = 'Cloud Storage';

/** Title of the page's first tab: settings, connections and exports. */
export const OVERVIEW_TAB_TITLE = 'Overview';

/** Title of the tab of the user's synced copies. */
export const SYNCED_COPIES_TAB_TITLE = 'My synced copies';

/** Path of the synced copies tab, relative to the page. */
export const SYNCED_COPIES_PATH = 'synced-copies';
