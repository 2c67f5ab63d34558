import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { SyncedCopiesContent } from '../SyncedCopiesPage';
import { CloudStorageContent } from './CloudStorageContent';
import {
  CLOUD_STORAGE_PAGE_TITLE,
  OVERVIEW_TAB_TITLE,
  SYNCED_COPIES_PATH,
  SYNCED_COPIES_TAB_TITLE,
} from './pageTitles';

/**
 * The Cloud Storage page with its own header and tabs, for the legacy
 * frontend system, whose app does not add page headers: "Overview" with
 * the settings, connections and exports, and "My synced copies".
 *
 * @public
 */
export function CloudStoragePage() {
  return (
    <Page themeId="tool">
      <Header title={CLOUD_STORAGE_PAGE_TITLE} />
      <TabbedLayout>
        <TabbedLayout.Route path="/" title={OVERVIEW_TAB_TITLE}>
          <CloudStorageContent />
        </TabbedLayout.Route>
        <TabbedLayout.Route
          path={`/${SYNCED_COPIES_PATH}`}
          title={SYNCED_COPIES_TAB_TITLE}
        >
          <SyncedCopiesContent />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
