export { CloudStorageContent } from './CloudStorageContent';
export { CloudStoragePage, CLOUD_STORAGE_PAGE_TITLE } from './CloudStoragePage';
