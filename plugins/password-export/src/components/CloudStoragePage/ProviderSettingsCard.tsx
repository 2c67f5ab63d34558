import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ProviderView } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  describeFieldError,
  FieldErrorDescription,
} from '../describeFieldError';
import {
  buildSettingsUpdate,
  hasSettingsChanges,
  SettingsEdits,
} from './buildSettingsUpdate';
import { ProviderSettingField } from './ProviderSettingField';
import { RedirectUriField } from './RedirectUriField';
import { TestConnectionSection } from './TestConnectionSection';

/** Props of {@link ProviderSettingsCard}. */
export interface ProviderSettingsCardProps {
  provider: ProviderView;
  /** Whether the user has `password-export.settings.update`. */
  canUpdate: boolean;
  /** Called with the provider as the backend stored it. */
  onSaved: (provider: ProviderView) => void;
}

/**
 * Renders the settings of one cloud storage provider: its on/off switch, its
 * fields, the redirect URI to register for an `oauth-redirect` provider,
 * "Test connection" and "Save". Without `canUpdate` everything is read-only.
 */
export function ProviderSettingsCard(props: ProviderSettingsCardProps) {
  const { provider, canUpdate, onSaved } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const [enabled, setEnabled] = useState(provider.enabled);
  const [edits, setEdits] = useState<SettingsEdits>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<FieldErrorDescription | undefined>();

  const fields = provider.settingsFields ?? [];
  const presetKeys = new Set(provider.presetKeys ?? []);
  const changed = hasSettingsChanges(provider, enabled, edits);

  const setEdit = (key: string, edit: string | boolean | null | undefined) => {
    setSaved(false);
    setEdits(current => {
      const next = { ...current };
      if (edit === undefined) {
        delete next[key];
      } else {
        next[key] = edit;
      }
      return next;
    });
  };

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const stored = await passwordExportApi.updateProviderSettings(
        provider.id,
        buildSettingsUpdate(provider, enabled, edits),
      );
      // Secret edits are dropped at once so that no typed secret stays in
      // the page after the backend has it.
      setEdits({});
      setEnabled(stored.enabled);
      setSaved(true);
      onSaved(stored);
    } catch (saveError) {
      setError(describeFieldError(saveError, fields));
    } finally {
      setSaving(false);
    }
  };

  const enableSwitch = (
    <FormControlLabel
      control={
        <Switch
          checked={enabled}
          disabled={!canUpdate}
          onChange={event => {
            setSaved(false);
            setEnabled(event.target.checked);
          }}
          color="primary"
          inputProps={{ 'aria-label': `Enable ${provider.title}` }}
        />
      }
      label={enabled ? 'Enabled' : 'Disabled'}
    />
  );

  return (
    <section aria-label={`${provider.title} settings`}>
      <InfoCard
        title={provider.title}
        titleTypographyProps={{ component: 'h2' }}
        action={enableSwitch}
      >
        {error && (
          <Alert severity="error" role="alert">
            {error.message}
          </Alert>
        )}
        {fields.length === 0 && (
          <Typography variant="body2">
            This provider has no settings.
          </Typography>
        )}
        {fields.map(field => (
          <ProviderSettingField
            key={field.key}
            idPrefix={`password-export-${provider.id}-setting`}
            field={field}
            value={provider.settings?.[field.key]}
            edit={edits[field.key]}
            onEdit={edit => setEdit(field.key, edit)}
            preset={presetKeys.has(field.key)}
            readOnly={!canUpdate}
            error={error?.field === field.key ? error.message : undefined}
          />
        ))}
        {provider.connectionMethod === 'oauth-redirect' &&
          provider.redirectUri && (
            <RedirectUriField
              idPrefix={`password-export-${provider.id}`}
              providerTitle={provider.title}
              redirectUri={provider.redirectUri}
            />
          )}
        {canUpdate && (
          <>
            <TestConnectionSection provider={provider} />
            <Box display="flex" alignItems="center" mt={2}>
              <Button
                color="primary"
                variant="contained"
                disabled={!changed || saving}
                onClick={save}
              >
                Save
              </Button>
              {saved && (
                <Box ml={2} role="status">
                  <Typography variant="body2">Settings saved.</Typography>
                </Box>
              )}
            </Box>
          </>
        )}
      </InfoCard>
    </section>
  );
}
