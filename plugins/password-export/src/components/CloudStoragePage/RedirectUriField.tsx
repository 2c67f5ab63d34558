import { useState } from 'react';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import FileCopyIcon from '@material-ui/icons/FileCopy';

/** Props of {@link RedirectUriField}. */
export interface RedirectUriFieldProps {
  /** Id prefix of the field, unique on the page. */
  idPrefix: string;
  providerTitle: string;
  /** The backend's OAuth callback URL. */
  redirectUri: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Shows the redirect URI that an admin registers in an `oauth-redirect`
 * provider's app, read-only, with a button that copies it.
 */
export function RedirectUriField(props: RedirectUriFieldProps) {
  const { idPrefix, providerTitle, redirectUri } = props;
  const [copyState, setCopyState] = useState<CopyState>('idle');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(redirectUri);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };

  const helperTexts: Record<CopyState, string> = {
    idle: `${providerTitle} sends users back to this address after they allow access. Add it to the redirect URIs of your ${providerTitle} app.`,
    copied: 'Redirect URI copied to the clipboard.',
    failed:
      'The browser did not allow copying. Select the address and copy it yourself.',
  };

  return (
    <TextField
      id={`${idPrefix}-redirect-uri`}
      label={`Redirect URI to register in your ${providerTitle} app`}
      value={redirectUri}
      helperText={helperTexts[copyState]}
      FormHelperTextProps={{ 'aria-live': 'polite' }}
      InputProps={{
        readOnly: true,
        endAdornment: (
          <InputAdornment position="end">
            <IconButton
              aria-label="Copy redirect URI"
              title="Copy redirect URI"
              onClick={copy}
              edge="end"
            >
              <FileCopyIcon fontSize="small" />
            </IconButton>
          </InputAdornment>
        ),
      }}
      inputProps={{ spellCheck: false }}
      fullWidth
      margin="dense"
    />
  );
}
