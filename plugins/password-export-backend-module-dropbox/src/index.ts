/**
 * Dropbox cloud storage provider for the password export backend.
 *
 * @packageDocumentation
 */

export { passwordExportModuleDropbox as default } from './module';
