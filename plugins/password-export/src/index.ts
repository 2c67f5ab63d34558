/**
 * Frontend of the password export plugin: an Accounts card on Resource
 * entities and a dialog that exports their passwords.
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
  type ExportedFile,
  type HistoryQuery,
  type PasswordExportApi,
  type PasswordExportClientOptions,
} from './api';
export type { ExportPasswordsDialogProps } from './components/ExportPasswordsDialog';
export {
  ExportPasswordsIcon,
  type ExportPasswordsMenuItemProps,
} from './components/ExportPasswordsMenuItem';
export { cloudStorageRouteRef } from './routes';
