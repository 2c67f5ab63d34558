import { FormEvent, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { Account } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import { PasswordField } from '../PasswordField';
import { describeError } from '../describeError';
import {
  AccountFormErrors,
  AccountFormValues,
  toAccountInput,
  validateAccountForm,
} from './validateAccountInput';

/** Props of {@link AccountFormDialog}. */
export interface AccountFormDialogProps {
  entityRef: string;
  /** The account to edit; absent when adding one. */
  account?: Account;
  onClose: () => void;
  /** Called with the stored account after the backend accepted the form. */
  onSaved: (account: Account) => void;
}

function initialValues(account?: Account): AccountFormValues {
  return {
    name: account?.name ?? '',
    username: account?.username ?? '',
    password: '',
    url: account?.url ?? '',
    notes: account?.notes ?? '',
  };
}

/**
 * A dialog that adds an account to an entity, or edits one. It validates
 * the form against the backend's limits before sending it and shows the
 * backend's message when it rejects the request.
 */
export function AccountFormDialog(props: AccountFormDialogProps) {
  const { entityRef, account, onClose, onSaved } = props;
  const passwordExportApi = useApi(passwordExportApiRef);
  const editing = account !== undefined;

  const [values, setValues] = useState(() => initialValues(account));
  const [errors, setErrors] = useState<AccountFormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>();

  const validate = (next: AccountFormValues) =>
    validateAccountForm(next, { passwordRequired: !editing });

  const setField = (field: keyof AccountFormValues, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);

    // Messages appear after the first submit and then follow every change.
    if (submitted) {
      setErrors(validate(next));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);

    const nextErrors = validate(values);
    setErrors(nextErrors);
    if (Object.keys(nextErrors).length > 0) {
      return;
    }

    setSaving(true);
    setServerError(undefined);
    try {
      const input = toAccountInput(values);
      const saved = editing
        ? await passwordExportApi.updateAccount(entityRef, account.id, input)
        : await passwordExportApi.createAccount(entityRef, input);
      onSaved(saved);
    } catch (error) {
      setServerError(describeError(error));
      setSaving(false);
    }
  };

  const title = editing ? 'Edit account' : 'Add account';

  const fieldProps = (field: keyof AccountFormValues) => ({
    id: `password-export-account-${field}`,
    value: values[field],
    onChange: (event: { target: { value: string } }) =>
      setField(field, event.target.value),
    error: Boolean(errors[field]),
    fullWidth: true,
    margin: 'dense' as const,
  });

  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      aria-labelledby="password-export-account-form-title"
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id="password-export-account-form-title">
          {title}
        </DialogTitle>
        <DialogContent>
          {serverError && (
            <Alert severity="error" role="alert">
              {serverError}
            </Alert>
          )}
          <TextField
            {...fieldProps('name')}
            label="Name"
            required
            helperText={errors.name}
          />
          <TextField
            {...fieldProps('username')}
            label="Username"
            autoComplete="off"
            helperText={errors.username}
          />
          <PasswordField
            {...fieldProps('password')}
            label="Password"
            secretName="password"
            required={!editing}
            helperText={
              errors.password ??
              (editing ? 'Leave empty to keep the current password.' : '')
            }
          />
          <TextField
            {...fieldProps('url')}
            label="URL"
            type="url"
            placeholder="https://"
            helperText={errors.url}
          />
          <TextField
            {...fieldProps('notes')}
            label="Notes"
            multiline
            minRows={3}
            helperText={errors.notes}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving}
          >
            {editing ? 'Save' : 'Add'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
