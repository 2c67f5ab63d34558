/**
 * Amazon S3 cloud storage provider for the password export backend.
 *
 * @packageDocumentation
 */

export { passwordExportModuleS3 as default } from './module';
