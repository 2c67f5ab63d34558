export { ExportPasswordsDialog } from './ExportPasswordsDialog';
export type { ExportPasswordsDialogProps } from './ExportPasswordsDialog';
export { OpenedExportPasswordsDialog } from './OpenedExportPasswordsDialog';
