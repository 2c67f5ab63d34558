import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import FileCopyOutlined from '@material-ui/icons/FileCopyOutlined';
import Visibility from '@material-ui/icons/Visibility';
import VisibilityOff from '@material-ui/icons/VisibilityOff';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { Account } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import { describeError } from '../describeError';
import {
  copySecretToClipboard,
  SECRET_EXPOSURE_MS,
} from './copySecretToClipboard';

/** Text shown in place of a hidden password; its length reveals nothing. */
export const PASSWORD_MASK = '••••••••';

/** Props of {@link AccountPasswordCell}. */
export interface AccountPasswordCellProps {
  entityRef: string;
  account: Account;
}

/**
 * Shows an account's password masked, with buttons to reveal it for
 * {@link SECRET_EXPOSURE_MS} and to copy it to the clipboard. The password is
 * fetched on each action and kept only while it is shown.
 */
export function AccountPasswordCell(props: AccountPasswordCellProps) {
  const { entityRef, account } = props;
  const passwordExportApi = useApi(passwordExportApiRef);
  const alertApi = useApi(alertApiRef);

  const [password, setPassword] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (password === undefined) {
      return undefined;
    }
    const timer = setTimeout(() => setPassword(undefined), SECRET_EXPOSURE_MS);
    return () => clearTimeout(timer);
  }, [password]);

  const fetchPassword = async (action: string) => {
    setBusy(true);
    try {
      return await passwordExportApi.revealPassword(entityRef, account.id);
    } catch (error) {
      alertApi.post({
        message: `Could not ${action} the password of "${
          account.name
        }": ${describeError(error)}`,
        severity: 'error',
      });
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const toggleReveal = async () => {
    if (password !== undefined) {
      setPassword(undefined);
      return;
    }
    setPassword(await fetchPassword('reveal'));
  };

  const copy = async () => {
    const secret = password ?? (await fetchPassword('copy'));
    if (secret === undefined) {
      return;
    }

    try {
      await copySecretToClipboard(secret);
      alertApi.post({
        message: `Copied the password of "${account.name}" to the clipboard.`,
        severity: 'success',
        display: 'transient',
      });
    } catch (error) {
      alertApi.post({
        message: `Could not copy the password to the clipboard: ${describeError(
          error,
        )}`,
        severity: 'error',
      });
    }
  };

  const revealed = password !== undefined;

  return (
    <Box display="flex" alignItems="center">
      <Typography
        component="span"
        variant="body2"
        style={{
          fontFamily: 'monospace',
          // The mask stays on one line; a revealed password may break
          // anywhere, since it has no words to keep together.
          whiteSpace: revealed ? 'normal' : 'nowrap',
          wordBreak: 'break-all',
        }}
      >
        {revealed ? password : PASSWORD_MASK}
      </Typography>
      <IconButton
        size="small"
        aria-label="Reveal password"
        aria-pressed={revealed}
        title={revealed ? 'Hide password' : 'Reveal password'}
        disabled={busy}
        onClick={toggleReveal}
      >
        {revealed ? (
          <VisibilityOff fontSize="small" />
        ) : (
          <Visibility fontSize="small" />
        )}
      </IconButton>
      <IconButton
        size="small"
        aria-label="Copy password"
        title="Copy password"
        disabled={busy}
        onClick={copy}
      >
        <FileCopyOutlined fontSize="small" />
      </IconButton>
    </Box>
  );
}
