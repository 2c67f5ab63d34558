import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ExportFormat,
  ExportPreflightResult,
} from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';

/** Time the inputs must stay unchanged before a preflight request is sent. */
export const PREFLIGHT_DEBOUNCE_MS = 250;

/** Inputs of {@link useExportPreflight}. */
export interface ExportPreflightInputs {
  /** Whether to ask at all, such as while the dialog is open. */
  enabled: boolean;
  entityRefs: string[];
  format: ExportFormat;
  destination: string;
}

/** State of {@link useExportPreflight}. */
export interface ExportPreflightState {
  /**
   * Latest decision; while a newer request is pending it still describes the
   * previous inputs, and it is absent when the request failed.
   */
  result?: ExportPreflightResult;
  /** Whether a request for the current inputs is waiting or running. */
  loading: boolean;
}

/**
 * Asks the backend what its permission policy decides on an export each time
 * the entities, the format or the destination change.
 *
 * @remarks
 *
 * Requests are debounced, and a change aborts the request in flight and
 * discards its response, so a response for older inputs never replaces a
 * newer one. A failed request leaves no result: the backend still decides on
 * submit, so the dialog then falls back to the submit-time errors.
 */
export function useExportPreflight(
  inputs: ExportPreflightInputs,
): ExportPreflightState {
  const passwordExportApi = useApi(passwordExportApiRef);
  const [state, setState] = useState<ExportPreflightState>({ loading: false });
  const { enabled, format, destination } = inputs;
  // The effect depends on the references' content, not on the array's identity.
  const entityRefsKey = JSON.stringify(inputs.entityRefs);

  useEffect(() => {
    const entityRefs: string[] = JSON.parse(entityRefsKey);
    if (!enabled || entityRefs.length === 0) {
      setState({ loading: false });
      return undefined;
    }

    const controller = new AbortController();
    setState(current => ({ ...current, loading: true }));

    const timer = setTimeout(async () => {
      try {
        const result = await passwordExportApi.preflightExport(
          { entityRefs, format, destination },
          { signal: controller.signal },
        );
        if (!controller.signal.aborted) {
          setState({ result, loading: false });
        }
      } catch {
        if (!controller.signal.aborted) {
          setState({ loading: false });
        }
      }
    }, PREFLIGHT_DEBOUNCE_MS);

    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [passwordExportApi, enabled, entityRefsKey, format, destination]);

  return state;
}
