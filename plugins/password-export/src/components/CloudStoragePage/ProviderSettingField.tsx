import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  ProviderField,
  ProviderSettingValue,
} from '@internal/backstage-plugin-password-export-common';
import { PasswordField } from '../PasswordField';

/** Props of {@link ProviderSettingField}. */
export interface ProviderSettingFieldProps {
  /** Prefix of the element ids, unique on the page. */
  idPrefix: string;
  field: ProviderField;
  /** Effective value from the backend; a secret only as its state. */
  value: ProviderSettingValue | undefined;
  /** Value the admin entered; `undefined` while unchanged. */
  edit: string | boolean | null | undefined;
  onEdit: (edit: string | boolean | null | undefined) => void;
  /** Whether config fixes the value, so that it cannot be changed here. */
  preset: boolean;
  /** Whether the admin may not change settings at all. */
  readOnly: boolean;
  /** Message from the server about this field. */
  error?: string;
}

/** Note shown under a setting whose value comes from config. */
export const PRESET_NOTE =
  'Set in the app config. Change it there; this page cannot override it.';

function helperText(props: ProviderSettingFieldProps): string | undefined {
  if (props.error) {
    return props.error;
  }
  if (props.preset) {
    return PRESET_NOTE;
  }
  return props.field.description;
}

function isSecretSet(value: ProviderSettingValue | undefined): boolean {
  return typeof value === 'object' && value !== null && value.set;
}

function SecretSettingField(props: ProviderSettingFieldProps) {
  const { idPrefix, field, value, edit, onEdit, preset, readOnly } = props;
  const id = `${idPrefix}-${field.key}`;
  const locked = preset || readOnly;

  if (typeof edit === 'string') {
    return (
      <Box display="flex" alignItems="flex-start">
        <PasswordField
          id={id}
          label={field.title}
          secretName={field.title.toLocaleLowerCase('en-US')}
          value={edit}
          onChange={event => onEdit(event.target.value)}
          error={Boolean(props.error)}
          helperText={
            helperText(props) ?? 'Leave empty to keep the saved value.'
          }
          fullWidth
          margin="dense"
        />
        <Box ml={1} mt={2}>
          <Button size="small" onClick={() => onEdit(undefined)}>
            Keep saved value
          </Button>
        </Box>
      </Box>
    );
  }

  let state = isSecretSet(value) ? 'Saved' : 'Not set';
  if (edit === null) {
    state = 'Will be cleared when you save';
  }

  return (
    <FormControl
      component="fieldset"
      margin="dense"
      fullWidth
      error={Boolean(props.error)}
    >
      <FormLabel component="legend">{field.title}</FormLabel>
      <Box display="flex" alignItems="center">
        <Typography variant="body2">{state}</Typography>
        {!locked && edit === null && (
          <Button size="small" onClick={() => onEdit(undefined)}>
            Undo
          </Button>
        )}
        {!locked && edit === undefined && (
          <>
            <Button
              size="small"
              aria-label={`Replace ${field.title}`}
              onClick={() => onEdit('')}
            >
              Replace
            </Button>
            {isSecretSet(value) && (
              <Button
                size="small"
                aria-label={`Clear ${field.title}`}
                onClick={() => onEdit(null)}
              >
                Clear
              </Button>
            )}
          </>
        )}
      </Box>
      {helperText(props) && (
        <FormHelperText>{helperText(props)}</FormHelperText>
      )}
    </FormControl>
  );
}

/**
 * Renders one provider setting from its field descriptor: a text field, a
 * secret that shows only whether it is saved, a switch or a select.
 */
export function ProviderSettingField(props: ProviderSettingFieldProps) {
  const { idPrefix, field, value, edit, onEdit, preset, readOnly } = props;
  const id = `${idPrefix}-${field.key}`;
  const locked = preset || readOnly;

  if (field.secret) {
    return <SecretSettingField {...props} />;
  }

  if (field.type === 'boolean') {
    const checked = typeof edit === 'boolean' ? edit : value === true;
    return (
      <FormControl margin="dense" fullWidth error={Boolean(props.error)}>
        <FormControlLabel
          control={
            <Switch
              id={id}
              checked={checked}
              disabled={locked}
              onChange={event => onEdit(event.target.checked)}
              color="primary"
            />
          }
          label={field.title}
        />
        {helperText(props) && (
          <FormHelperText>{helperText(props)}</FormHelperText>
        )}
      </FormControl>
    );
  }

  const current = typeof value === 'string' ? value : '';
  const text = typeof edit === 'string' ? edit : current;

  if (field.type === 'enum') {
    return (
      <TextField
        id={id}
        select
        label={field.title}
        value={text}
        onChange={event => onEdit(event.target.value)}
        disabled={locked}
        error={Boolean(props.error)}
        helperText={helperText(props)}
        SelectProps={{ native: true }}
        fullWidth
        margin="dense"
      >
        {text === '' && <option value="">Not set</option>}
        {(field.options ?? []).map(option => (
          <option key={option.value} value={option.value}>
            {option.title}
          </option>
        ))}
      </TextField>
    );
  }

  return (
    <TextField
      id={id}
      label={field.title}
      value={text}
      placeholder={field.placeholder}
      onChange={event => onEdit(event.target.value)}
      InputProps={{ readOnly: locked }}
      inputProps={{ 'aria-required': field.required }}
      error={Boolean(props.error)}
      helperText={helperText(props)}
      fullWidth
      margin="dense"
    />
  );
}
