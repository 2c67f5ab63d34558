import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import { ProviderView } from '@internal/backstage-plugin-password-export-common';

/** Destination value of a download to the browser. */
export const DOWNLOAD_DESTINATION = 'download';

/** Props of {@link DestinationField}. */
export interface DestinationFieldProps {
  /** `download` or a provider id. */
  value: string;
  onChange: (destination: string) => void;
  /** Enabled providers, each offered as "Sync with <title>". */
  providers: ProviderView[];
  /** Error that kept the providers from loading, if any. */
  loadError?: string;
  disabled?: boolean;
}

/**
 * The "Destination" radio group of the export dialog: "Download", and one
 * "Sync with …" option per enabled cloud storage provider.
 */
export function DestinationField(props: DestinationFieldProps) {
  const { value, onChange, providers, loadError, disabled } = props;

  return (
    <FormControl component="fieldset" margin="normal" fullWidth>
      <FormLabel component="legend" id="password-export-destination-label">
        Destination
      </FormLabel>
      <RadioGroup
        aria-labelledby="password-export-destination-label"
        name="destination"
        value={value}
        onChange={event => onChange(event.target.value)}
      >
        <FormControlLabel
          value={DOWNLOAD_DESTINATION}
          control={<Radio />}
          label="Download"
          disabled={disabled}
        />
        {providers.map(provider => (
          <FormControlLabel
            key={provider.id}
            value={provider.id}
            control={<Radio />}
            label={`Sync with ${provider.title}`}
            disabled={disabled}
          />
        ))}
      </RadioGroup>
      {loadError && (
        <FormHelperText>
          Cloud storage destinations could not be loaded: {loadError}
        </FormHelperText>
      )}
    </FormControl>
  );
}
