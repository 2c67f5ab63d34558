import { ExportResource } from '@internal/encrypted-html';
import { neutralizeCell } from './neutralizeCell';

/** Header row of spreadsheet exports. */
export const SPREADSHEET_HEADER = [
  'Resource',
  'Entity reference',
  'Source',
  'Account',
  'Username',
  'Password',
  'URL',
  'Notes',
  'Updated at',
];

/** Resource of an export, with the source of each account. */
export interface SpreadsheetResource extends ExportResource {
  /** Source id of each account, index by index. */
  accountSources: string[];
}

/**
 * Flattens resources into spreadsheet rows, header first, with every cell
 * neutralized against formula evaluation.
 */
export function toSpreadsheetRows(
  resources: SpreadsheetResource[],
): string[][] {
  const rows: string[][] = [SPREADSHEET_HEADER];

  for (const resource of resources) {
    resource.accounts.forEach((account, index) => {
      rows.push([
        resource.title,
        resource.entityRef,
        resource.accountSources[index],
        account.name,
        account.username,
        account.password,
        account.url ?? '',
        account.notes ?? '',
        account.updatedAt ?? '',
      ]);
    });
  }

  return rows.map(row => row.map(neutralizeCell));
}
