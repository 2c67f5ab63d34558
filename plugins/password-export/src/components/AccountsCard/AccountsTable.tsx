import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import { Account } from '@internal/backstage-plugin-password-export-common';
import { AccountPasswordCell } from './AccountPasswordCell';
import { isHttpUrl } from './validateAccountInput';

/** Props of {@link AccountsTable}. */
export interface AccountsTableProps {
  entityRef: string;
  accounts: Account[];
  /** Whether to show the Edit and Delete buttons. */
  canUpdate: boolean;
  onEdit: (account: Account) => void;
  onDelete: (account: Account) => void;
}

// On a narrow card the table scrolls sideways instead of squeezing its
// columns until words and the password mask break in the middle.
const useStyles = makeStyles({
  table: { minWidth: 860 },
  heading: { whiteSpace: 'nowrap' },
  text: { minWidth: 96, overflowWrap: 'break-word' },
  url: { minWidth: 140, maxWidth: 240, overflowWrap: 'anywhere' },
  notes: { minWidth: 160, whiteSpace: 'pre-wrap' },
  nowrap: { whiteSpace: 'nowrap' },
});

const dateFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

function formatDate(isoDate: string): string {
  const date = new Date(isoDate);
  return Number.isNaN(date.getTime()) ? isoDate : dateFormat.format(date);
}

// Only http and https addresses become links, so that a stored
// `javascript:` or `data:` URL can never run when clicked.
function AccountUrl(props: { url?: string }) {
  const { url } = props;
  if (!url) {
    return null;
  }
  if (!isHttpUrl(url)) {
    return <>{url}</>;
  }
  return (
    <Link href={url} target="_blank" rel="noopener noreferrer">
      {url}
    </Link>
  );
}

/**
 * A table of an entity's accounts. Every value is rendered as text, so
 * markup stored in an account is shown, never interpreted, and each value is
 * isolated for bidirectional text so that a right-to-left name cannot
 * reorder its neighbours.
 */
export function AccountsTable(props: AccountsTableProps) {
  const { entityRef, accounts, canUpdate, onEdit, onDelete } = props;
  const classes = useStyles();
  const headings = ['Name', 'Username', 'Password', 'URL', 'Notes', 'Updated'];

  return (
    <TableContainer>
      <Table size="small" aria-label="Accounts" className={classes.table}>
        <TableHead>
          <TableRow>
            {headings.map(heading => (
              <TableCell key={heading} className={classes.heading}>
                {heading}
              </TableCell>
            ))}
            {canUpdate && (
              <TableCell className={classes.heading}>Actions</TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {accounts.map(account => (
            <TableRow key={account.id}>
              <TableCell className={classes.text}>
                <bdi>{account.name}</bdi>
              </TableCell>
              <TableCell className={classes.text}>
                <bdi>{account.username}</bdi>
              </TableCell>
              <TableCell className={classes.nowrap}>
                <AccountPasswordCell entityRef={entityRef} account={account} />
              </TableCell>
              <TableCell className={classes.url}>
                <AccountUrl url={account.url} />
              </TableCell>
              <TableCell className={classes.notes}>
                <Typography variant="body2" component="span" dir="auto">
                  {account.notes}
                </Typography>
              </TableCell>
              <TableCell className={classes.nowrap}>
                <time dateTime={account.updatedAt}>
                  {formatDate(account.updatedAt)}
                </time>
              </TableCell>
              {canUpdate && (
                <TableCell className={classes.nowrap}>
                  <IconButton
                    size="small"
                    aria-label="Edit"
                    title="Edit"
                    onClick={() => onEdit(account)}
                  >
                    <EditIcon fontSize="small" />
                  </IconButton>
                  <IconButton
                    size="small"
                    aria-label="Delete"
                    title="Delete"
                    onClick={() => onDelete(account)}
                  >
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
