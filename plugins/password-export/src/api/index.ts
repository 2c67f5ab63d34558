export { passwordExportApiRef } from './PasswordExportApi';
export type {
  CloudExportRequest,
  DisconnectProviderOptions,
  ExportedFile,
  HistoryQuery,
  PasswordExportApi,
} from './PasswordExportApi';
export { PasswordExportClient } from './PasswordExportClient';
export type { PasswordExportClientOptions } from './PasswordExportClient';
