export { SyncedCopiesContent } from './SyncedCopiesContent';
