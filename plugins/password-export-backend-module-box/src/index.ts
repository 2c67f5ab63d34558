/**
 * Box cloud storage provider for the password export backend.
 *
 * @packageDocumentation
 */

export { passwordExportModuleBox as default } from './module';
