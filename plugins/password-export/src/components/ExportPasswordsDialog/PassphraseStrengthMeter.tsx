import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  estimatePassphraseStrength,
  PassphraseStrength,
} from './estimatePassphraseStrength';

/** Text labels of the zxcvbn scores 0 to 4. */
export const STRENGTH_LABELS = [
  'Very weak',
  'Weak',
  'Fair',
  'Strong',
  'Very strong',
] as const;

/** Props of {@link PassphraseStrengthMeter}. */
export interface PassphraseStrengthMeterProps {
  passphrase: string;
  /** Words an attacker could know, passed to the estimator. */
  userInputs: string[];
}

/**
 * A progress bar with a text label that rates a passphrase from "Very weak"
 * to "Very strong". It is advice only: the export accepts any passphrase
 * that meets the minimum length.
 */
export function PassphraseStrengthMeter(props: PassphraseStrengthMeterProps) {
  const { passphrase, userInputs } = props;
  const [strength, setStrength] = useState<PassphraseStrength | undefined>();
  const [failed, setFailed] = useState(false);
  const userInputsKey = userInputs.join('\n');

  useEffect(() => {
    let cancelled = false;

    if (passphrase === '') {
      setStrength(undefined);
      return undefined;
    }

    estimatePassphraseStrength(passphrase, userInputsKey.split('\n'))
      .then(result => {
        if (!cancelled) {
          setStrength(result);
          setFailed(false);
        }
      })
      .catch(() => {
        if (!cancelled) {
          setFailed(true);
        }
      });

    return () => {
      cancelled = true;
    };
  }, [passphrase, userInputsKey]);

  if (failed) {
    return (
      <Typography variant="caption" color="textSecondary">
        The strength of the passphrase could not be estimated.
      </Typography>
    );
  }

  const score = passphrase === '' ? 0 : strength?.score ?? 0;
  const label =
    passphrase === '' ? 'No passphrase' : strength && STRENGTH_LABELS[score];

  return (
    <Box marginTop={1} marginBottom={1}>
      <LinearProgress
        variant="determinate"
        value={strength && passphrase !== '' ? (score + 1) * 20 : 0}
        aria-label="Passphrase strength"
        aria-valuetext={label ?? 'Estimating'}
        color={score >= 3 ? 'primary' : 'secondary'}
      />
      <Typography variant="caption" component="p" aria-live="polite">
        Strength: {label ?? 'estimating…'}
        {strength?.warning && passphrase !== '' ? `. ${strength.warning}` : ''}
      </Typography>
    </Box>
  );
}
