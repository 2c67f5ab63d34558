/**
 * Frontend of the password export plugin: an Accounts card on Resource
 * entities, a dialog that exports their passwords, and the Cloud Storage
 * page with the user's synced copies.
 *
 * @packageDocumentation
 */

export {
  passwordExportPlugin,
  CloudStoragePage,
  EntityAccountsCard,
  ExportPasswordsDialog,
  ExportPasswordsMenuItem,
} from './plugin';
export {
  passwordExportApiRef,
  PasswordExportClient,
  type CloudExportRequest,
  type DeleteSyncedCopyOptions,
  type DisconnectProviderOptions,
  type ExportedFile,
  type HistoryQuery,
  type PasswordExportApi,
  type PasswordExportClientOptions,
  type SyncCopyNowResult,
} from './api';
export type { ExportPasswordsDialogProps } from './components/ExportPasswordsDialog';
export {
  ExportPasswordsIcon,
  type ExportPasswordsMenuItemProps,
} from './components/ExportPasswordsMenuItem';
export { cloudStorageRouteRef, syncedCopiesRouteRef } from './routes';
