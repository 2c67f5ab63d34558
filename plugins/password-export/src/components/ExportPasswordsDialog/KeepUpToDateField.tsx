import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';

/** Props of {@link KeepUpToDateField}. */
export interface KeepUpToDateFieldProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

/**
 * Renders the "Keep this copy up to date" checkbox of a cloud destination,
 * which sets whether the backend uploads the file again when an account of
 * its resources changes.
 */
export function KeepUpToDateField(props: KeepUpToDateFieldProps) {
  const { checked, onChange, disabled } = props;
  return (
    <FormControl margin="dense" fullWidth>
      <FormControlLabel
        control={
          <Checkbox
            checked={checked}
            onChange={event => onChange(event.target.checked)}
            color="primary"
            inputProps={{
              'aria-describedby': 'password-export-keep-up-to-date-help',
            }}
          />
        }
        label="Keep this copy up to date"
        disabled={disabled}
      />
      <FormHelperText id="password-export-keep-up-to-date-help">
        When an account of these resources changes, the portal uploads an
        updated file that opens with the same passphrase. You can stop this on
        the synced copies page.
      </FormHelperText>
    </FormControl>
  );
}
