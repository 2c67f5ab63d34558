/**
 * Backend of the password export plugins: the account store, encrypted and
 * spreadsheet exports, and the export history.
 *
 * @packageDocumentation
 */

export { passwordExportPlugin as default } from './plugin';
