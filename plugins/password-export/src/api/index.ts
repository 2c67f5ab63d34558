export { passwordExportApiRef } from './PasswordExportApi';
export type { ExportedFile, PasswordExportApi } from './PasswordExportApi';
export { PasswordExportClient } from './PasswordExportClient';
export type { PasswordExportClientOptions } from './PasswordExportClient';
