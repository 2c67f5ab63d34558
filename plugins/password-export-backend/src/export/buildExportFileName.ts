import { ExportFormat } from '@internal/backstage-plugin-password-export-common';

const EXTENSIONS: Record<ExportFormat, string> = {
  'encrypted-html': 'html',
  csv: 'csv',
  xlsx: 'xlsx',
};

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Builds the file name of an export: `passwords-<entity name or
 * N-resources>-<YYYYMMDD-HHmm>.<ext>`, in UTC and ASCII only.
 */
export function buildExportFileName(options: {
  entityNames: string[];
  format: ExportFormat;
  exportedAt: Date;
}): string {
  const { entityNames, format, exportedAt } = options;
  const subject =
    entityNames.length === 1
      ? entityNames[0].replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63)
      : `${entityNames.length}-resources`;

  const date = `${exportedAt.getUTCFullYear()}${pad(
    exportedAt.getUTCMonth() + 1,
  )}${pad(exportedAt.getUTCDate())}`;
  const time = `${pad(exportedAt.getUTCHours())}${pad(
    exportedAt.getUTCMinutes(),
  )}`;

  return `passwords-${subject}-${date}-${time}.${EXTENSIONS[format]}`;
}

/**
 * Builds a `Content-Disposition` header that names the file both ways RFC 6266
 * allows: `filename` for old clients and `filename*` in UTF-8.
 */
export function buildContentDisposition(fileName: string): string {
  const asciiName = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(
    fileName,
  )}`;
}
