import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  HistoryEntry,
  ProviderView,
} from '@internal/backstage-plugin-password-export-common';
import useAsync from 'react-use/esm/useAsync';
import { passwordExportApiRef } from '../../api';
import {
  EMPTY_HISTORY_FILTERS,
  HistoryFilterValues,
  toHistoryQuery,
} from './historyFilters';

/** Props of {@link ExportHistoryTable}. */
export interface ExportHistoryTableProps {
  /** Providers, to show destinations by title. */
  providers: ProviderView[];
  /**
   * Whether the table may show other users' exports, which needs
   * `password-export.settings.read`; it then offers a user filter.
   */
  allUsers: boolean;
}

const ROWS_PER_PAGE_OPTIONS = [10, 25, 50];

// Long enough to compare a file's hash by eye.
const SHORT_HASH_LENGTH = 12;

const outcomeLabels: Record<HistoryEntry['outcome'], string> = {
  succeeded: 'Succeeded',
  denied: 'Denied',
  failed: 'Failed',
};

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

// The table scrolls sideways on a narrow page rather than squeezing its
// columns to a few characters each.
const useStyles = makeStyles({
  table: { minWidth: 1100 },
  heading: { whiteSpace: 'nowrap' },
  reason: { minWidth: 200, maxWidth: 360, overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
});

const HEADINGS = [
  'When',
  'User',
  'Resources',
  'Format',
  'Destination',
  'Reason',
  'Outcome',
  'SHA-256',
];

function HistoryRow(props: {
  entry: HistoryEntry;
  destinationTitle: (destination: string) => string;
}) {
  const { entry, destinationTitle } = props;
  const classes = useStyles();
  return (
    <TableRow>
      <TableCell className={classes.nowrap}>
        <time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time>
      </TableCell>
      <TableCell>{entry.userEntityRef}</TableCell>
      <TableCell>
        {entry.entityRefs.map(ref => (
          <div key={ref}>{ref}</div>
        ))}
      </TableCell>
      <TableCell>{entry.format}</TableCell>
      <TableCell>
        <div>{destinationTitle(entry.destination)}</div>
        {entry.location && (
          <Typography variant="caption">{entry.location}</Typography>
        )}
      </TableCell>
      <TableCell className={classes.reason}>
        <bdi>{entry.reason}</bdi>
      </TableCell>
      <TableCell>
        <div>{outcomeLabels[entry.outcome] ?? entry.outcome}</div>
        {entry.error && (
          <Typography variant="caption">{entry.error}</Typography>
        )}
      </TableCell>
      <TableCell>
        {entry.sha256 && (
          <abbr title={entry.sha256}>
            {entry.sha256.slice(0, SHORT_HASH_LENGTH)}…
          </abbr>
        )}
      </TableCell>
    </TableRow>
  );
}

function HistoryFilters(props: {
  providers: ProviderView[];
  allUsers: boolean;
  onApply: (filters: HistoryFilterValues) => void;
}) {
  const { providers, allUsers, onApply } = props;
  const [draft, setDraft] = useState(EMPTY_HISTORY_FILTERS);

  const set =
    (key: keyof HistoryFilterValues) =>
    (event: { target: { value: string } }) =>
      setDraft(current => ({ ...current, [key]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <form onSubmit={submit} aria-label="Filter exports">
      <Box display="flex" flexWrap="wrap" alignItems="flex-end" gridGap={16}>
        {allUsers && (
          <TextField
            id="password-export-history-user"
            label="User"
            placeholder="user:default/jane.doe"
            value={draft.user}
            onChange={set('user')}
          />
        )}
        <TextField
          id="password-export-history-resource"
          label="Resource"
          placeholder="resource:default/orders-db"
          value={draft.entityRef}
          onChange={set('entityRef')}
        />
        <TextField
          id="password-export-history-destination"
          label="Destination"
          select
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          value={draft.destination}
          onChange={set('destination')}
        >
          <option value="">All</option>
          <option value="download">Download</option>
          {providers.map(provider => (
            <option key={provider.id} value={provider.id}>
              {provider.title}
            </option>
          ))}
        </TextField>
        <TextField
          id="password-export-history-from"
          label="From"
          type="date"
          InputLabelProps={{ shrink: true }}
          value={draft.fromDate}
          onChange={set('fromDate')}
        />
        <TextField
          id="password-export-history-to"
          label="To"
          type="date"
          InputLabelProps={{ shrink: true }}
          value={draft.toDate}
          onChange={set('toDate')}
        />
        <Button type="submit" variant="outlined">
          Apply filters
        </Button>
      </Box>
    </form>
  );
}

/**
 * "Recent exports": the export history, newest first, with filters and
 * paging done by the backend.
 */
export function ExportHistoryTable(props: ExportHistoryTableProps) {
  const { providers, allUsers } = props;
  const classes = useStyles();
  const passwordExportApi = useApi(passwordExportApiRef);

  const [filters, setFilters] = useState(EMPTY_HISTORY_FILTERS);
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(ROWS_PER_PAGE_OPTIONS[0]);

  const history = useAsync(
    () =>
      passwordExportApi.listHistory(toHistoryQuery(filters, page, rowsPerPage)),
    [passwordExportApi, filters, page, rowsPerPage],
  );

  const destinationTitle = (destination: string) =>
    destination === 'download'
      ? 'Download'
      : providers.find(p => p.id === destination)?.title ?? destination;

  const applyFilters = (next: HistoryFilterValues) => {
    setFilters(next);
    setPage(0);
  };

  const items = history.value?.items ?? [];

  return (
    <InfoCard
      title="Recent exports"
      titleTypographyProps={{ component: 'h2' }}
      subheader={allUsers ? undefined : 'Your own exports.'}
    >
      <HistoryFilters
        providers={providers}
        allUsers={allUsers}
        onApply={applyFilters}
      />
      {history.error && <ResponseErrorPanel error={history.error} />}
      <TableContainer>
        <Table
          size="small"
          aria-label="Recent exports"
          aria-busy={history.loading}
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              {HEADINGS.map(heading => (
                <TableCell key={heading} className={classes.heading}>
                  {heading}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(entry => (
              <HistoryRow
                key={entry.id}
                entry={entry}
                destinationTitle={destinationTitle}
              />
            ))}
            {!history.loading && !history.error && items.length === 0 && (
              <TableRow>
                <TableCell colSpan={HEADINGS.length}>
                  No exports match these filters.
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={history.value?.totalCount ?? 0}
        page={page}
        rowsPerPage={rowsPerPage}
        rowsPerPageOptions={ROWS_PER_PAGE_OPTIONS}
        onPageChange={(_event, next) => setPage(next)}
        onRowsPerPageChange={event => {
          setRowsPerPage(Number(event.target.value));
          setPage(0);
        }}
      />
    </InfoCard>
  );
}
