import { useState } from 'react';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { SyncedCopyView } from '@internal/backstage-plugin-password-export-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { passwordExportApiRef, SyncCopyNowResult } from '../../api';
import { describeError } from '../describeError';
import { ConfirmActionDialog } from '../ConfirmActionDialog';
import { SyncedCopiesTable } from './SyncedCopiesTable';

type Confirmation = {
  action: 'stop' | 'delete' | 'remove-from-list';
  copy: SyncedCopyView;
};

interface Notice {
  severity: 'success' | 'info' | 'error';
  message: string;
}

/** Builds the notice of a finished "Sync now" request from its result. */
function describeSyncResult(result: SyncCopyNowResult): Notice {
  const { copy, finished } = result;
  const target = `${copy.fileName} to ${copy.providerTitle}`;
  if (!finished) {
    return {
      severity: 'info',
      message: `Another portal backend instance is syncing ${target} already; refresh the list to see its status.`,
    };
  }
  if (copy.status === 'failed') {
    return {
      severity: 'error',
      message: `Sync of ${target} failed: ${
        copy.lastError ?? 'the backend gave no reason'
      }`,
    };
  }
  if (copy.status === 'stopped') {
    // Access confirmed before the sync may have found the copy denied, or
    // its entities gone, so the backend stopped it instead.
    return {
      severity: 'error',
      message: `${target} was not synced: the copy is stopped. The export history records the reason.`,
    };
  }
  return { severity: 'success', message: `Synced ${target}.` };
}

function StopDialogText(props: { copy: SyncedCopyView }) {
  const { copy } = props;
  return (
    <>
      The file <strong>{copy.fileName}</strong> stays in {copy.providerTitle} at{' '}
      <bdi>{copy.location}</bdi> as it is now. Later changes to the accounts of
      its resources are not uploaded to it. This cannot be undone: to keep a
      copy up to date again, export the resources again.
    </>
  );
}

function RemoveFromListDialogText(props: { copy: SyncedCopyView }) {
  const { copy } = props;
  return (
    <>
      The file <strong>{copy.fileName}</strong> stays in your{' '}
      {copy.providerTitle} storage at <bdi>{copy.location}</bdi>. The portal
      removes the copy from this list and can no longer update or delete the
      file, so delete it in {copy.providerTitle} yourself when you no longer
      need it.
    </>
  );
}

function DeleteDialogText(props: { copy: SyncedCopyView }) {
  const { copy } = props;
  return (
    <>
      The portal deletes <strong>{copy.fileName}</strong> at{' '}
      <bdi>{copy.location}</bdi> from your {copy.providerTitle} storage and
      removes the copy from this list. This cannot be undone.
    </>
  );
}

/**
 * "My synced copies": the files that the current user exported to cloud
 * storage, with their sync status, "Sync now", "Stop keeping up to date",
 * "Delete remote file", and "Remove from list" for stopped copies.
 */
export function SyncedCopiesContent() {
  const passwordExportApi = useApi(passwordExportApiRef);
  const copies = useAsyncRetry(
    () => passwordExportApi.listSyncedCopies(),
    [passwordExportApi],
  );

  const [syncingId, setSyncingId] = useState<string | undefined>();
  const [confirmation, setConfirmation] = useState<Confirmation | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();

  const syncNow = async (copy: SyncedCopyView) => {
    setSyncingId(copy.id);
    setNotice(undefined);
    try {
      const result = await passwordExportApi.syncCopyNow(copy.id);
      setNotice(describeSyncResult(result));
      copies.retry();
    } catch (syncError) {
      setNotice({ severity: 'error', message: describeError(syncError) });
    } finally {
      setSyncingId(undefined);
    }
  };

  const runConfirmed = async ({ action, copy }: Confirmation) => {
    let message: string;
    if (action === 'stop') {
      await passwordExportApi.stopSyncingCopy(copy.id);
      message = `${copy.fileName} in ${copy.providerTitle} is no longer kept up to date.`;
    } else if (action === 'remove-from-list') {
      await passwordExportApi.deleteSyncedCopy(copy.id, {
        keepRemoteFile: true,
      });
      message = `Removed ${copy.fileName} from the list; the file stays in ${copy.providerTitle}.`;
    } else {
      await passwordExportApi.deleteSyncedCopy(copy.id);
      message = `Deleted ${copy.fileName} from ${copy.providerTitle}.`;
    }
    setConfirmation(undefined);
    setNotice({ severity: 'success', message });
    copies.retry();
  };

  const items = copies.value ?? [];

  return (
    <InfoCard
      title="My synced copies"
      titleTypographyProps={{ component: 'h2' }}
      subheader="Files you exported to cloud storage."
      action={
        <IconButton
          aria-label="Refresh synced copies"
          title="Refresh synced copies"
          onClick={copies.retry}
          disabled={copies.loading}
        >
          <RefreshIcon />
        </IconButton>
      }
    >
      {notice && (
        <Alert
          severity={notice.severity}
          role={notice.severity === 'error' ? 'alert' : 'status'}
          onClose={() => setNotice(undefined)}
        >
          {notice.message}
        </Alert>
      )}
      {copies.error && <ResponseErrorPanel error={copies.error} />}
      {copies.loading && !copies.value && <Progress />}
      {copies.value && items.length === 0 && (
        <Typography variant="body2">
          You have no synced copies. To make one, export the passwords of a
          resource and choose a "Sync with …" destination.
        </Typography>
      )}
      {items.length > 0 && (
        <SyncedCopiesTable
          copies={items}
          syncingId={syncingId}
          onSyncNow={copy => void syncNow(copy)}
          onStop={copy => setConfirmation({ action: 'stop', copy })}
          onDelete={copy => setConfirmation({ action: 'delete', copy })}
          onRemoveFromList={copy =>
            setConfirmation({ action: 'remove-from-list', copy })
          }
        />
      )}
      {confirmation?.action === 'stop' && (
        <ConfirmActionDialog
          titleId="password-export-copy-action-title"
          title={`Stop keeping ${confirmation.copy.fileName} up to date?`}
          confirmLabel="Stop keeping up to date"
          onConfirm={() => runConfirmed(confirmation)}
          onClose={() => setConfirmation(undefined)}
        >
          <StopDialogText copy={confirmation.copy} />
        </ConfirmActionDialog>
      )}
      {confirmation?.action === 'delete' && (
        <ConfirmActionDialog
          titleId="password-export-copy-action-title"
          title={`Delete ${confirmation.copy.fileName} from ${confirmation.copy.providerTitle}?`}
          confirmLabel="Delete remote file"
          onConfirm={() => runConfirmed(confirmation)}
          onClose={() => setConfirmation(undefined)}
        >
          <DeleteDialogText copy={confirmation.copy} />
        </ConfirmActionDialog>
      )}
      {confirmation?.action === 'remove-from-list' && (
        <ConfirmActionDialog
          titleId="password-export-copy-action-title"
          title={`Remove ${confirmation.copy.fileName} from the list?`}
          confirmLabel="Remove from list"
          onConfirm={() => runConfirmed(confirmation)}
          onClose={() => setConfirmation(undefined)}
        >
          <RemoveFromListDialogText copy={confirmation.copy} />
        </ConfirmActionDialog>
      )}
    </InfoCard>
  );
}
