import { FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ConnectionView,
  ExportFormat,
  ProviderView,
} from '@internal/backstage-plugin-password-export-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { passwordExportApiRef } from '../../api';
import { PasswordField } from '../PasswordField';
import { describeError } from '../describeError';
import {
  ExportConfirmation,
  ExportConfirmationSnackbar,
} from './ExportConfirmationSnackbar';
import { DestinationField, DOWNLOAD_DESTINATION } from './DestinationField';
import { KeepUpToDateField } from './KeepUpToDateField';
import { PassphraseStrengthMeter } from './PassphraseStrengthMeter';
import { ProviderConnectionForm } from '../ProviderConnectionForm';
import { saveFile } from './saveFile';
import { useExportPreflight } from './useExportPreflight';
import {
  DEFAULT_PASSPHRASE_MIN_LENGTH,
  ExportFormValues,
  validateExportForm,
} from './validateExportForm';

/**
 * Props of {@link ExportPasswordsDialog}.
 *
 * @public
 */
export interface ExportPasswordsDialogProps {
  /** Whether the dialog is shown. */
  open: boolean;
  /** Called when the user cancels, and after a successful export. */
  onClose: () => void;
  /** References of the resource entities whose accounts are exported. */
  entityRefs: string[];
  /**
   * Called once the dialog is closed and the confirmation of an export, if
   * any, has been dismissed, so that a host may unmount the component.
   */
  onFinished?: () => void;
  /**
   * URL of the synced copies page, which the confirmation of a copy kept up
   * to date links to; without it the confirmation has no link.
   */
  syncedCopiesLink?: string;
}

const formatOptions: { value: ExportFormat; label: string }[] = [
  { value: 'encrypted-html', label: 'Encrypted HTML' },
  { value: 'csv', label: 'CSV spreadsheet' },
  { value: 'xlsx', label: 'Excel spreadsheet (XLSX)' },
];

const initialValues: ExportFormValues = {
  format: 'encrypted-html',
  passphrase: '',
  confirmation: '',
  reason: '',
};

// The backend responds with 400 when a permission policy requires a reason and
// none, or too short a one, was given. The preflight request normally reveals
// this before submit; this covers a failed preflight and a policy changed in
// between.
function isReasonError(error: unknown): boolean {
  return (
    ResponseError.is(error) &&
    error.statusCode === 400 &&
    /\breason\b/i.test(describeError(error))
  );
}

// Reads the minimum length from the backend's "at least N characters".
function parseReasonMinLength(message: string): number | undefined {
  const match = /at least (\d+) characters/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

// Connections made in the dialog take effect before the providers reload.
function withConnections(
  providers: ProviderView[] | undefined,
  connections: Record<string, ConnectionView>,
): ProviderView[] {
  return (providers ?? [])
    .filter(provider => provider.enabled)
    .map(provider => ({
      ...provider,
      connection: connections[provider.id] ?? provider.connection,
    }));
}

function needsConnection(provider: ProviderView | undefined): boolean {
  return provider !== undefined && provider.connection?.status !== 'connected';
}

function entityNames(entityRefs: string[]): string[] {
  return entityRefs.flatMap(ref => {
    try {
      return [parseEntityRef(ref).name];
    } catch {
      return [];
    }
  });
}

/**
 * A dialog that exports the accounts of resource entities as a file: a
 * passphrase-encrypted HTML file, or an unencrypted CSV or Excel spreadsheet,
 * downloaded or synced to an enabled cloud storage provider.
 *
 * @remarks
 *
 * Only the encrypted HTML file may be synced. When the user has no working
 * connection to the chosen provider, the dialog shows the provider's
 * connection form first. On success it downloads or uploads the file and
 * closes. A confirmation in the bottom-left corner then shows the start of
 * the file's SHA-256 and either a link that opens the download or the
 * provider and location of the upload. An upload is kept up to date unless
 * the user unchecks "Keep this copy up to date". The passphrases are
 * forgotten when the dialog closes.
 *
 * @public
 */
export function ExportPasswordsDialog(props: ExportPasswordsDialogProps) {
  const { open, onClose, entityRefs, onFinished, syncedCopiesLink } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const [values, setValues] = useState(initialValues);
  const [destination, setDestination] = useState(DOWNLOAD_DESTINATION);
  const [keepUpToDate, setKeepUpToDate] = useState(true);
  const [newConnections, setNewConnections] = useState<
    Record<string, ConnectionView>
  >({});
  // Set when a submit was rejected for want of a reason.
  const [reasonError, setReasonError] = useState<
    { minLength?: number } | undefined
  >();
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [confirmation, setConfirmation] = useState<
    ExportConfirmation | undefined
  >();

  const exportOptions = useAsync(
    async () => (open ? passwordExportApi.getExportOptions() : undefined),
    [passwordExportApi, open],
  );
  const passphraseMinLength =
    exportOptions.value?.passphraseMinLength ?? DEFAULT_PASSPHRASE_MIN_LENGTH;
  const availableFormats = exportOptions.value?.formats;

  const providers = useAsyncRetry(
    async () => (open ? passwordExportApi.listProviders() : undefined),
    [passwordExportApi, open],
  );
  const enabledProviders = withConnections(providers.value, newConnections);
  const cloudProvider = enabledProviders.find(p => p.id === destination);
  const connectionNeeded = needsConnection(cloudProvider);

  const preflight = useExportPreflight({
    enabled: open,
    entityRefs,
    format: values.format,
    destination,
  });
  const preflightReason = preflight.result?.reason;
  const reasonRequired =
    Boolean(preflightReason?.required) || reasonError !== undefined;
  const reasonMinLength = Math.max(
    1,
    preflightReason?.minLength ?? 0,
    reasonError?.minLength ?? 0,
  );
  const denied = preflight.result?.allowed === false;

  const validation = validateExportForm(values, {
    passphraseMinLength,
    reasonRequired,
    reasonMinLength,
  });
  const canSubmit =
    validation.valid &&
    entityRefs.length > 0 &&
    !exporting &&
    !connectionNeeded &&
    !denied;
  const userInputs = useMemo(() => entityNames(entityRefs), [entityRefs]);

  // Forget the passphrases and everything else typed once the dialog closes.
  useEffect(() => {
    if (!open) {
      setValues(initialValues);
      setDestination(DOWNLOAD_DESTINATION);
      setKeepUpToDate(true);
      setNewConnections({});
      setReasonError(undefined);
      setError(undefined);
    }
  }, [open]);

  // The object URL backs the "Open file" link, so it lives exactly as long
  // as the confirmation.
  useEffect(() => {
    if (confirmation?.kind !== 'download') {
      return undefined;
    }
    return () => URL.revokeObjectURL(confirmation.objectUrl);
  }, [confirmation]);

  const hasOpened = useRef(false);
  useEffect(() => {
    if (open) {
      hasOpened.current = true;
    } else if (hasOpened.current && !confirmation) {
      hasOpened.current = false;
      onFinished?.();
    }
  }, [open, confirmation, onFinished]);

  const setField = (field: keyof ExportFormValues, value: string) => {
    setValues(current => ({ ...current, [field]: value }));
  };

  const chooseDestination = (next: string) => {
    setDestination(next);
    if (next !== DOWNLOAD_DESTINATION) {
      // Only the encrypted file may leave the portal for cloud storage.
      setField('format', 'encrypted-html');
    }
  };

  const download = async () => {
    const encrypted = values.format === 'encrypted-html';
    const file = await passwordExportApi.exportPasswords({
      entityRefs,
      format: values.format,
      passphrase: encrypted ? values.passphrase : undefined,
      reason: values.reason.trim() || undefined,
    });

    const objectUrl = URL.createObjectURL(file.blob);
    saveFile(objectUrl, file.fileName);
    setConfirmation({
      kind: 'download',
      fileName: file.fileName,
      sha256: file.sha256,
      objectUrl,
    });
  };

  const upload = async (provider: ProviderView) => {
    const result = await passwordExportApi.exportToProvider({
      entityRefs,
      format: 'encrypted-html',
      passphrase: values.passphrase,
      reason: values.reason.trim() || undefined,
      destination: provider.id,
      keepUpToDate,
    });

    setConfirmation({
      kind: 'cloud',
      fileName: result.fileName,
      sha256: result.sha256,
      providerTitle: provider.title,
      location: result.location,
      // The backend records every upload as a synced copy, also one that
      // is not kept up to date, so the id alone does not tell.
      keptUpToDate: keepUpToDate && result.syncedCopyId !== undefined,
      syncedCopiesLink,
    });
  };

  const runExport = async () => {
    setExporting(true);
    setError(undefined);
    try {
      if (cloudProvider) {
        await upload(cloudProvider);
      } else {
        await download();
      }
      onClose();
    } catch (exportError) {
      if (isReasonError(exportError)) {
        setReasonError({
          minLength: parseReasonMinLength(describeError(exportError)),
        });
      }
      setError(describeError(exportError));
      if (cloudProvider) {
        // The backend marks a connection whose credentials the storage
        // rejected, so the dialog can offer to reconnect.
        setNewConnections({});
        providers.retry();
      }
    } finally {
      setExporting(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit) {
      await runExport();
    }
  };

  const connected = (provider: ProviderView, connection: ConnectionView) => {
    setNewConnections(current => ({ ...current, [provider.id]: connection }));
    // Connecting was the last step when the rest of the form is complete.
    if (validation.valid && entityRefs.length > 0 && !denied) {
      runExport();
    }
  };

  const encrypted = values.format === 'encrypted-html';

  return (
    <>
      <Dialog
        open={open}
        onClose={exporting ? undefined : onClose}
        aria-labelledby="password-export-dialog-title"
        fullWidth
        maxWidth="sm"
      >
        <form onSubmit={submit} noValidate>
          <DialogTitle id="password-export-dialog-title">
            Export passwords
          </DialogTitle>
          <DialogContent>
            <DialogContentText component="div">
              Accounts of{' '}
              {entityRefs.length === 1 ? 'this resource' : 'these resources'}{' '}
              will be exported:
              <ul aria-label="Resources to export">
                {entityRefs.map(ref => (
                  <li key={ref}>{ref}</li>
                ))}
              </ul>
            </DialogContentText>

            {error && (
              <Alert severity="error" role="alert">
                {error}
              </Alert>
            )}

            {denied && (
              <Alert
                severity="warning"
                role="alert"
                aria-labelledby="password-export-denied-title"
              >
                <AlertTitle id="password-export-denied-title">
                  Export not allowed
                </AlertTitle>
                Your permissions do not allow this export. Another format or
                destination may be allowed.
                <ul>
                  {preflight.result?.denied?.map(denial => (
                    <li key={`${denial.entityRef} ${denial.message}`}>
                      {denial.message}
                    </li>
                  ))}
                </ul>
              </Alert>
            )}

            <DestinationField
              value={destination}
              onChange={chooseDestination}
              providers={enabledProviders}
              loadError={
                providers.error ? describeError(providers.error) : undefined
              }
              disabled={exporting}
            />
            {cloudProvider?.connection && !connectionNeeded && (
              <Typography variant="body2" color="textSecondary">
                Connected to {cloudProvider.title}:{' '}
                {cloudProvider.connection.accountLabel}
              </Typography>
            )}
            {cloudProvider && (
              <KeepUpToDateField
                checked={keepUpToDate}
                onChange={setKeepUpToDate}
                disabled={exporting}
              />
            )}

            <FormControl component="fieldset" margin="normal">
              <FormLabel component="legend" id="password-export-format-label">
                Format
              </FormLabel>
              <RadioGroup
                aria-labelledby="password-export-format-label"
                aria-describedby={
                  cloudProvider ? 'password-export-format-note' : undefined
                }
                name="format"
                value={values.format}
                onChange={event => setField('format', event.target.value)}
              >
                {formatOptions.map(option => (
                  <FormControlLabel
                    key={option.value}
                    value={option.value}
                    control={<Radio />}
                    label={option.label}
                    disabled={
                      (cloudProvider !== undefined &&
                        option.value !== 'encrypted-html') ||
                      (availableFormats !== undefined &&
                        !availableFormats.includes(option.value))
                    }
                  />
                ))}
              </RadioGroup>
              {cloudProvider && (
                <FormHelperText id="password-export-format-note">
                  Only the encrypted HTML file can be synced to cloud storage.
                  Spreadsheets are unencrypted, so they can only be downloaded.
                </FormHelperText>
              )}
            </FormControl>

            {cloudProvider && connectionNeeded && (
              <ProviderConnectionForm
                key={cloudProvider.id}
                provider={cloudProvider}
                onConnected={connection => connected(cloudProvider, connection)}
              />
            )}

            {encrypted ? (
              <>
                <PasswordField
                  id="password-export-passphrase"
                  label="Passphrase"
                  secretName="passphrase"
                  value={values.passphrase}
                  onChange={event => setField('passphrase', event.target.value)}
                  error={Boolean(validation.errors.passphrase)}
                  helperText={
                    validation.errors.passphrase ??
                    `At least ${passphraseMinLength} characters. It cannot be recovered: keep it somewhere safe.`
                  }
                  inputProps={{ 'aria-required': true }}
                  fullWidth
                  margin="dense"
                />
                <PassphraseStrengthMeter
                  passphrase={values.passphrase}
                  userInputs={userInputs}
                />
                <PasswordField
                  id="password-export-confirmation"
                  label="Confirm passphrase"
                  secretName="passphrase confirmation"
                  value={values.confirmation}
                  onChange={event =>
                    setField('confirmation', event.target.value)
                  }
                  error={Boolean(validation.errors.confirmation)}
                  helperText={validation.errors.confirmation}
                  inputProps={{ 'aria-required': true }}
                  fullWidth
                  margin="dense"
                />
              </>
            ) : (
              <Alert severity="warning">
                Spreadsheet files are NOT encrypted. Anyone who gets hold of the
                file can read every password in it. Choose Encrypted HTML unless
                you need a spreadsheet, and delete the file as soon as you no
                longer need it. A value that starts with =, +, -, @, a tab or a
                carriage return, or with an apostrophe, gets one extra
                apostrophe in front so that the spreadsheet cannot run it as a
                formula: remove that one apostrophe to get the original value.
              </Alert>
            )}

            {reasonRequired && (
              <TextField
                id="password-export-reason"
                label="Reason"
                value={values.reason}
                onChange={event => setField('reason', event.target.value)}
                error={Boolean(validation.errors.reason)}
                helperText={
                  validation.errors.reason ??
                  `At least ${reasonMinLength} characters: why do you need these passwords?`
                }
                inputProps={{ 'aria-required': true }}
                fullWidth
                margin="dense"
              />
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} disabled={exporting}>
              Cancel
            </Button>
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={!canSubmit}
            >
              Export
            </Button>
          </DialogActions>
        </form>
      </Dialog>
      {confirmation && (
        <ExportConfirmationSnackbar
          confirmation={confirmation}
          onClose={() => setConfirmation(undefined)}
        />
      )}
    </>
  );
}
