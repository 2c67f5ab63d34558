import { FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { ExportFormat } from '@internal/backstage-plugin-password-export-common';
import useAsync from 'react-use/esm/useAsync';
import { passwordExportApiRef } from '../../api';
import { PasswordField } from '../PasswordField';
import { describeError } from '../describeError';
import {
  ExportConfirmation,
  ExportConfirmationSnackbar,
} from './ExportConfirmationSnackbar';
import { PassphraseStrengthMeter } from './PassphraseStrengthMeter';
import { saveFile } from './saveFile';
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
// none, or too short a one, was given.
function isReasonError(error: unknown): boolean {
  return (
    ResponseError.is(error) &&
    error.statusCode === 400 &&
    /\breason\b/i.test(describeError(error))
  );
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
 * passphrase-encrypted HTML file, or an unencrypted CSV or Excel spreadsheet.
 *
 * @remarks
 *
 * On success it saves the file through the browser's download, closes, and
 * shows a confirmation in the bottom-left corner with the file name, the
 * start of its SHA-256 and a link that opens it. The passphrases are
 * forgotten when the dialog closes.
 *
 * @public
 */
export function ExportPasswordsDialog(props: ExportPasswordsDialogProps) {
  const { open, onClose, entityRefs, onFinished } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const [values, setValues] = useState(initialValues);
  const [reasonRequired, setReasonRequired] = useState(false);
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

  const validation = validateExportForm(values, {
    passphraseMinLength,
    reasonRequired,
  });
  const canSubmit = validation.valid && entityRefs.length > 0 && !exporting;
  const userInputs = useMemo(() => entityNames(entityRefs), [entityRefs]);

  // Forget the passphrases and everything else typed once the dialog closes.
  useEffect(() => {
    if (!open) {
      setValues(initialValues);
      setReasonRequired(false);
      setError(undefined);
    }
  }, [open]);

  // The object URL backs the "Open file" link, so it lives exactly as long
  // as the confirmation.
  useEffect(() => {
    if (!confirmation) {
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) {
      return;
    }

    setExporting(true);
    setError(undefined);
    try {
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
        fileName: file.fileName,
        sha256: file.sha256,
        objectUrl,
      });
      onClose();
    } catch (exportError) {
      if (isReasonError(exportError)) {
        setReasonRequired(true);
      }
      setError(describeError(exportError));
    } finally {
      setExporting(false);
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

            <FormControl component="fieldset" margin="normal">
              <FormLabel component="legend" id="password-export-format-label">
                Format
              </FormLabel>
              <RadioGroup
                aria-labelledby="password-export-format-label"
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
                      availableFormats !== undefined &&
                      !availableFormats.includes(option.value)
                    }
                  />
                ))}
              </RadioGroup>
            </FormControl>

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
                longer need it.
              </Alert>
            )}

            {reasonRequired && (
              <TextField
                id="password-export-reason"
                label="Reason"
                value={values.reason}
                onChange={event => setField('reason', event.target.value)}
                helperText="Why you need these passwords. It is recorded with the export."
                inputProps={{ 'aria-required': true }}
                multiline
                minRows={2}
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
