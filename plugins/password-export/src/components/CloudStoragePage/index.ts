export { CloudStorageContent } from './CloudStorageContent';
export { CloudStoragePage } from './CloudStoragePage';
export * from './pageTitles';
