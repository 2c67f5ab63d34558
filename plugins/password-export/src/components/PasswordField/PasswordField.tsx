import { useState } from 'react';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import Visibility from '@material-ui/icons/Visibility';
import VisibilityOff from '@material-ui/icons/VisibilityOff';

/**
 * Props of {@link PasswordField}.
 *
 * @public
 */
export type PasswordFieldProps = Omit<TextFieldProps, 'type'> & {
  /**
   * Noun used in the toggle button's accessible name, such as "passphrase"
   * for "Show passphrase".
   */
  secretName: string;
};

/**
 * A text field for a secret, masked by default, with a button that shows
 * or hides the value.
 *
 * @public
 */
export function PasswordField(props: PasswordFieldProps) {
  const { secretName, InputProps, ...textFieldProps } = props;
  const [visible, setVisible] = useState(false);

  const toggleLabel = `${visible ? 'Hide' : 'Show'} ${secretName}`;

  return (
    <TextField
      {...textFieldProps}
      type={visible ? 'text' : 'password'}
      InputProps={{
        ...InputProps,
        endAdornment: (
          <InputAdornment position="end">
            <IconButton
              aria-label={toggleLabel}
              title={toggleLabel}
              onClick={() => setVisible(current => !current)}
              edge="end"
            >
              {visible ? <VisibilityOff /> : <Visibility />}
            </IconButton>
          </InputAdornment>
        ),
      }}
      inputProps={{
        // Keeps browsers and extensions from storing or suggesting the value.
        autoComplete: 'new-password',
        spellCheck: false,
        ...textFieldProps.inputProps,
      }}
    />
  );
}
