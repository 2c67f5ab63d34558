export { passwordExportApiRef } from './PasswordExportApi';
export type {
  CloudExportRequest,
  DeleteSyncedCopyOptions,
  DisconnectProviderOptions,
  ExportedFile,
  HistoryQuery,
  PasswordExportApi,
  SyncCopyNowResult,
} from './PasswordExportApi';
export { PasswordExportClient } from './PasswordExportClient';
export type { PasswordExportClientOptions } from './PasswordExportClient';
