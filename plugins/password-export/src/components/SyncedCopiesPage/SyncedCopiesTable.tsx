import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  SyncedCopyStatus,
  SyncedCopyView,
} from '@internal/backstage-plugin-password-export-common';
import { formatExactTime, formatRelativeTime } from './formatRelativeTime';

/** Props of {@link SyncedCopiesTable}. */
export interface SyncedCopiesTableProps {
  copies: SyncedCopyView[];
  /** Id of the copy whose "Sync now" request is running, if any. */
  syncingId?: string;
  onSyncNow: (copy: SyncedCopyView) => void;
  onStop: (copy: SyncedCopyView) => void;
  onDelete: (copy: SyncedCopyView) => void;
  /** Removes a stopped copy from the list and keeps its remote file. */
  onRemoveFromList: (copy: SyncedCopyView) => void;
}

/** Label of each synced copy status. */
export const SYNCED_COPY_STATUS_LABELS: Record<SyncedCopyStatus, string> = {
  current: 'Up to date',
  pending: 'Update pending',
  syncing: 'Syncing',
  failed: 'Sync failed',
  stopped: 'Not kept up to date',
};

const HEADINGS = ['Resources', 'Provider', 'Location', 'Last synced', 'Status'];

// Locations are long paths without spaces, so they break anywhere rather
// than widening the table.
const useStyles = makeStyles({
  location: { minWidth: 160, maxWidth: 320, overflowWrap: 'anywhere' },
  status: { minWidth: 140, maxWidth: 280, overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
});

/** Names a copy in the accessible names of its buttons. */
export function describeCopy(copy: SyncedCopyView): string {
  return `${copy.fileName} in ${copy.providerTitle}`;
}

function RelativeTime(props: { iso: string }) {
  return (
    <time dateTime={props.iso} title={formatExactTime(props.iso)}>
      {formatRelativeTime(props.iso)}
    </time>
  );
}

function StatusCell(props: { copy: SyncedCopyView }) {
  const { copy } = props;
  return (
    <>
      <div>{SYNCED_COPY_STATUS_LABELS[copy.status] ?? copy.status}</div>
      {copy.status === 'failed' && copy.lastError && (
        <Typography variant="caption" component="div" color="error">
          {copy.lastError}
        </Typography>
      )}
      {copy.status === 'failed' && copy.nextAttemptAt && (
        <Typography variant="caption" component="div">
          Next attempt <RelativeTime iso={copy.nextAttemptAt} />
        </Typography>
      )}
    </>
  );
}

function SyncedCopyRow(
  props: Omit<SyncedCopiesTableProps, 'copies'> & { copy: SyncedCopyView },
) {
  const { copy, syncingId, onSyncNow, onStop, onDelete, onRemoveFromList } =
    props;
  const classes = useStyles();
  const name = describeCopy(copy);

  return (
    <TableRow>
      <TableCell>
        {copy.entityRefs.map(ref => (
          <div key={ref}>
            <EntityRefLink entityRef={ref} />
          </div>
        ))}
      </TableCell>
      <TableCell>{copy.providerTitle}</TableCell>
      <TableCell className={classes.location}>{copy.location}</TableCell>
      <TableCell className={classes.nowrap}>
        {copy.lastSyncedAt ? <RelativeTime iso={copy.lastSyncedAt} /> : 'Never'}
      </TableCell>
      <TableCell className={classes.status}>
        <StatusCell copy={copy} />
      </TableCell>
      <TableCell>
        <Box display="flex" flexWrap="wrap" gridGap={4}>
          {copy.keepUpToDate && (
            <>
              <Button
                size="small"
                aria-label={`Sync now: ${name}`}
                disabled={syncingId === copy.id || copy.status === 'syncing'}
                onClick={() => onSyncNow(copy)}
              >
                Sync now
              </Button>
              <Button
                size="small"
                aria-label={`Stop keeping up to date: ${name}`}
                onClick={() => onStop(copy)}
              >
                Stop keeping up to date
              </Button>
            </>
          )}
          <Button
            size="small"
            color="secondary"
            aria-label={`Delete remote file: ${name}`}
            onClick={() => onDelete(copy)}
          >
            Delete remote file
          </Button>
          {!copy.keepUpToDate && (
            <Button
              size="small"
              aria-label={`Remove from list: ${name}`}
              onClick={() => onRemoveFromList(copy)}
            >
              Remove from list
            </Button>
          )}
        </Box>
      </TableCell>
    </TableRow>
  );
}

/**
 * Renders the table of the user's synced copies: resources, provider,
 * location, last sync, status, and the buttons for each copy.
 */
export function SyncedCopiesTable(props: SyncedCopiesTableProps) {
  const { copies, ...actions } = props;
  const classes = useStyles();
  return (
    <TableContainer>
      <Table size="small" aria-label="My synced copies">
        <TableHead>
          <TableRow>
            {HEADINGS.map(heading => (
              <TableCell key={heading} className={classes.nowrap}>
                {heading}
              </TableCell>
            ))}
            <TableCell>
              <Typography variant="srOnly">Actions</Typography>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {copies.map(copy => (
            <SyncedCopyRow key={copy.id} copy={copy} {...actions} />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
