import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
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

  return (
    <Table size="small" aria-label="Accounts">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Username</TableCell>
          <TableCell>Password</TableCell>
          <TableCell>URL</TableCell>
          <TableCell>Notes</TableCell>
          <TableCell>Updated</TableCell>
          {canUpdate && <TableCell>Actions</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {accounts.map(account => (
          <TableRow key={account.id}>
            <TableCell>
              <bdi>{account.name}</bdi>
            </TableCell>
            <TableCell>
              <bdi>{account.username}</bdi>
            </TableCell>
            <TableCell>
              <AccountPasswordCell entityRef={entityRef} account={account} />
            </TableCell>
            <TableCell style={{ wordBreak: 'break-all' }}>
              <AccountUrl url={account.url} />
            </TableCell>
            <TableCell>
              <Typography
                variant="body2"
                component="span"
                dir="auto"
                style={{ whiteSpace: 'pre-wrap' }}
              >
                {account.notes}
              </Typography>
            </TableCell>
            <TableCell>
              <time dateTime={account.updatedAt}>
                {formatDate(account.updatedAt)}
              </time>
            </TableCell>
            {canUpdate && (
              <TableCell>
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
  );
}
