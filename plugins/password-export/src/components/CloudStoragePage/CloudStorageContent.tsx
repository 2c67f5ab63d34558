import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { passwordExportApiRef } from '../../api';
import { ExportHistoryTable } from './ExportHistoryTable';
import { MyConnections } from './MyConnections';
import { ProviderSettingsCard } from './ProviderSettingsCard';

/** Message shown to users who may not read the provider settings. */
export const NO_SETTINGS_PERMISSION_MESSAGE =
  'You do not have permission to view the cloud storage settings. ' +
  'Ask a portal admin if you need to change them.';

/**
 * The body of the Cloud Storage page, without a page header: the provider
 * settings, the user's own connections and the recent exports.
 *
 * @remarks
 *
 * The provider cards appear for users with
 * `password-export.settings.read` and can be changed only with
 * `password-export.settings.update`. Every user gets their own connections
 * and exports. Readers of the settings get every user's exports.
 *
 * @public
 */
export function CloudStorageContent() {
  const passwordExportApi = useApi(passwordExportApiRef);
  const read = usePermission({
    permission: passwordExportSettingsReadPermission,
  });
  const update = usePermission({
    permission: passwordExportSettingsUpdatePermission,
  });

  const providers = useAsyncRetry(
    () => passwordExportApi.listProviders(),
    [passwordExportApi],
  );

  if (
    read.loading ||
    update.loading ||
    (providers.loading && !providers.value)
  ) {
    return <Progress />;
  }
  if (read.error || providers.error) {
    return <ResponseErrorPanel error={(read.error ?? providers.error)!} />;
  }

  const items = providers.value ?? [];

  return (
    <Grid container spacing={3}>
      {read.allowed ? (
        items.map(provider => (
          <Grid item xs={12} md={6} key={provider.id}>
            <ProviderSettingsCard
              provider={provider}
              canUpdate={update.allowed}
              onSaved={providers.retry}
            />
          </Grid>
        ))
      ) : (
        <Grid item xs={12}>
          <Typography variant="body1">
            {NO_SETTINGS_PERMISSION_MESSAGE}
          </Typography>
        </Grid>
      )}
      {read.allowed && items.length === 0 && (
        <Grid item xs={12}>
          <Typography variant="body1">
            No cloud storage provider is installed. Add a provider module, such
            as the Amazon S3 module, to the backend.
          </Typography>
        </Grid>
      )}
      <Grid item xs={12}>
        <MyConnections providers={items} onChanged={providers.retry} />
      </Grid>
      <Grid item xs={12}>
        <ExportHistoryTable providers={items} allUsers={read.allowed} />
      </Grid>
    </Grid>
  );
}
