import {
  ExportPreflightDenial,
  ExportPreflightResult,
} from '@internal/backstage-plugin-password-export-common';
import { ExportVerdict } from './PasswordExportAuthorizer';

/**
 * Combines the per-entity verdicts of a preflight request into the result
 * the frontend shows before the user submits.
 *
 * @remarks
 *
 * The export is allowed when no entity is denied. A reason is required when
 * any entity needs one, and it must then be as long as the largest minimum,
 * because one reason covers every entity of the export.
 */
export function summarizeExportVerdicts(
  entityRefs: string[],
  verdicts: ExportVerdict[],
  extraDenials: ExportPreflightDenial[] = [],
): ExportPreflightResult {
  const denied: ExportPreflightDenial[] = [];
  let minLength: number | undefined;

  verdicts.forEach((verdict, index) => {
    if (verdict.kind === 'denied') {
      denied.push({ entityRef: entityRefs[index], message: verdict.message });
    } else if (verdict.kind === 'reason-required') {
      minLength = Math.max(minLength ?? 0, verdict.minLength);
    }
  });
  denied.push(...extraDenials);

  const result: ExportPreflightResult = {
    allowed: denied.length === 0,
    reason:
      minLength === undefined
        ? { required: false }
        : { required: true, minLength },
  };
  if (denied.length > 0) {
    result.denied = denied;
  }
  return result;
}
