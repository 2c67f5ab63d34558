import { InputError } from '@backstage/errors';
import { ExportFormat } from '@internal/backstage-plugin-password-export-common';
import { PassphraseError, checkPassphrase } from '@internal/encrypted-html';
import { parseResourceRef } from './parseEntityRefParams';
import {
  exportPreflightSchema,
  exportRequestSchema,
  parseRequestBody,
} from './requestSchemas';

/** A validated export request. */
export interface ParsedExportRequest {
  /** Canonical, deduplicated references of Resource entities. */
  entityRefs: string[];
  format: ExportFormat;
  /** Present exactly when the format is `encrypted-html`. */
  passphrase?: string;
  /** Trimmed reason; absent when empty. */
  reason?: string;
  /** `download` or the id of a cloud storage provider. */
  destination: string;
  /**
   * Whether account changes re-sync the uploaded file; true by default for
   * cloud destinations, always false for `download`.
   */
  keepUpToDate: boolean;
}

/** A validated preflight request: an export request without secrets. */
export type ParsedExportPreflightRequest = Pick<
  ParsedExportRequest,
  'entityRefs' | 'format' | 'destination'
>;

/**
 * Checks what the export request and the preflight request share: the
 * format and destination pair, and the entity references.
 */
function parseExportTarget(parsed: {
  entityRefs: string[];
  format: string;
  destination: string;
}): ParsedExportPreflightRequest {
  const format = parsed.format as ExportFormat;
  const destination = parsed.destination;

  // Spreadsheets are not encrypted, so they never leave the user's browser.
  if (destination !== 'download' && format !== 'encrypted-html') {
    throw new InputError(
      `format ${format} cannot be sent to ${destination}: spreadsheets can only be downloaded. Choose encrypted-html or the download destination`,
    );
  }

  const entityRefs = [
    ...new Set(
      parsed.entityRefs.map((ref, index) =>
        parseResourceRef(ref, `entityRefs[${index}]`),
      ),
    ),
  ];
  return { entityRefs, format, destination };
}

/**
 * Validates the body of `POST /exports/preflight` with the same rules as an
 * export request, which must not carry a passphrase or a reason here.
 *
 * @throws InputError naming the field and the rule.
 */
export function parseExportPreflightRequest(
  body: unknown,
): ParsedExportPreflightRequest {
  return parseExportTarget(parseRequestBody(exportPreflightSchema, body));
}

/**
 * Validates the body of `POST /exports`.
 *
 * @throws InputError naming the field and the rule; never the passphrase.
 */
export function parseExportRequest(
  body: unknown,
  options: { passphraseMinLength: number },
): ParsedExportRequest {
  const parsed = parseRequestBody(exportRequestSchema, body);
  const { entityRefs, format, destination } = parseExportTarget(parsed);
  const keepUpToDate = parseKeepUpToDate(parsed.keepUpToDate, destination);

  if (format !== 'encrypted-html') {
    if (parsed.passphrase !== undefined) {
      throw new InputError(
        `passphrase must be left out for format ${format}: spreadsheets are not encrypted`,
      );
    }
    return {
      entityRefs,
      format,
      reason: parsed.reason,
      destination,
      keepUpToDate,
    };
  }

  const passphrase = parsed.passphrase;
  if (passphrase === undefined || passphrase === '') {
    throw new InputError('passphrase is required for format encrypted-html');
  }
  if (passphrase.trim() !== passphrase) {
    throw new InputError('passphrase must not start or end with whitespace');
  }
  if ([...passphrase].length < options.passphraseMinLength) {
    throw new InputError(
      `passphrase must be at least ${options.passphraseMinLength} characters`,
    );
  }
  try {
    checkPassphrase(passphrase);
  } catch (error) {
    if (error instanceof PassphraseError) {
      throw new InputError(`passphrase is invalid: ${error.message}`);
    }
    throw error;
  }

  return {
    entityRefs,
    format,
    passphrase,
    reason: parsed.reason,
    destination,
    keepUpToDate,
  };
}

/**
 * Applies the default of `keepUpToDate`: true for cloud destinations and
 * false for a download.
 *
 * @throws InputError when it is true for a download, which no backend can
 * update once it is on the user's device.
 */
function parseKeepUpToDate(
  keepUpToDate: boolean | undefined,
  destination: string,
): boolean {
  if (destination !== 'download') {
    return keepUpToDate ?? true;
  }
  if (keepUpToDate === true) {
    throw new InputError(
      'keepUpToDate must be false or left out for the download destination: only files in cloud storage can be kept up to date',
    );
  }
  return false;
}
