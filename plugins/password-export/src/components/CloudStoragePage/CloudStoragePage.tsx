import { Content, Header, Page } from '@backstage/core-components';
import { CloudStorageContent } from './CloudStorageContent';

/** Title of the Cloud Storage page, also its entry in the sidebar. */
export const CLOUD_STORAGE_PAGE_TITLE = 'Cloud Storage';

/**
 * The Cloud Storage page with its own header, for the legacy frontend
 * system, whose app does not add page headers.
 *
 * @public
 */
export function CloudStoragePage() {
  return (
    <Page themeId="tool">
      <Header title={CLOUD_STORAGE_PAGE_TITLE} />
      <Content>
        <CloudStorageContent />
      </Content>
    </Page>
  );
}
