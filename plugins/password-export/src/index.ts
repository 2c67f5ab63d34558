/**
 * Frontend of the password export plugin: an Accounts card on Resource
 * entities and a dialog that exports their passwords.
 *
 * @packageDocumentation
 */

export {
  passwordExportPlugin,
  EntityAccountsCard,
  ExportPasswordsDialog,
  ExportPasswordsMenuItem,
} from './plugin';
export {
  passwordExportApiRef,
  PasswordExportClient,
  type ExportedFile,
  type PasswordExportApi,
  type PasswordExportClientOptions,
} from './api';
export type { ExportPasswordsDialogProps } from './components/ExportPasswordsDialog';
export {
  ExportPasswordsIcon,
  type ExportPasswordsMenuItemProps,
} from './components/ExportPasswordsMenuItem';
