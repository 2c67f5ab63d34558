/**
 * Amazon S3 cloud storage provider for the password export backend.
 *
 * @packageDocumentation
 */

export { passwordExportModuleS3 as default } from './module';
export { S3StorageProvider } from './S3StorageProvider';
export {
  readS3ProviderDefaults,
  resolveS3Settings,
  createS3SettingFields,
} from './config';
export type { S3ProviderSettings, S3ServerSideEncryption } from './config';
export {
  validateConnectionInput,
  validateStorageLocation,
  maskAccessKeyId,
} from './validateConnectionInput';
export type { S3ConnectionInput } from './validateConnectionInput';
