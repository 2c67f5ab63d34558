import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Account,
  passwordExportAccountReadPermission,
  passwordExportAccountUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { passwordExportApiRef } from '../../api';
import { AccountFormDialog } from './AccountFormDialog';
import { AccountsTable } from './AccountsTable';
import { DeleteAccountDialog } from './DeleteAccountDialog';

/**
 * Props of {@link AccountsCard}.
 *
 * @public
 */
export interface AccountsCardProps {
  /** Reference of the entity whose accounts are shown. */
  entityRef: string;
}

// The title is a heading, so that assistive technology lists the card.
const cardProps = {
  title: 'Accounts',
  titleTypographyProps: { component: 'h2' },
};

type OpenDialog =
  | { kind: 'add' }
  | { kind: 'edit'; account: Account }
  | { kind: 'delete'; account: Account };

function AccountsCardContent(props: { entityRef: string }) {
  const { entityRef } = props;
  const passwordExportApi = useApi(passwordExportApiRef);
  const update = usePermission({
    permission: passwordExportAccountUpdatePermission,
    resourceRef: entityRef,
  });

  const [dialog, setDialog] = useState<OpenDialog | undefined>();

  const accounts = useAsyncRetry(
    () => passwordExportApi.listAccounts(entityRef),
    [passwordExportApi, entityRef],
  );

  const closeAndReload = () => {
    setDialog(undefined);
    accounts.retry();
  };

  const addButton = update.allowed ? (
    <Button
      color="primary"
      startIcon={<AddIcon />}
      onClick={() => setDialog({ kind: 'add' })}
    >
      Add account
    </Button>
  ) : undefined;

  let content;
  if (accounts.loading && !accounts.value) {
    content = <Progress />;
  } else if (accounts.error) {
    content = <ResponseErrorPanel error={accounts.error} />;
  } else if (!accounts.value || accounts.value.length === 0) {
    content = (
      <Typography variant="body2">
        This resource has no accounts yet.
      </Typography>
    );
  } else {
    content = (
      <AccountsTable
        entityRef={entityRef}
        accounts={accounts.value}
        canUpdate={update.allowed}
        onEdit={account => setDialog({ kind: 'edit', account })}
        onDelete={account => setDialog({ kind: 'delete', account })}
      />
    );
  }

  return (
    <InfoCard {...cardProps} action={addButton}>
      {content}
      {dialog?.kind === 'add' && (
        <AccountFormDialog
          entityRef={entityRef}
          onClose={() => setDialog(undefined)}
          onSaved={closeAndReload}
        />
      )}
      {dialog?.kind === 'edit' && (
        <AccountFormDialog
          entityRef={entityRef}
          account={dialog.account}
          onClose={() => setDialog(undefined)}
          onSaved={closeAndReload}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteAccountDialog
          entityRef={entityRef}
          account={dialog.account}
          onClose={() => setDialog(undefined)}
          onDeleted={closeAndReload}
        />
      )}
    </InfoCard>
  );
}

/**
 * A card that lists the accounts of an entity, with their passwords masked.
 *
 * @remarks
 *
 * Users who lack `password-export.account.read` on the entity see a message
 * saying so instead of the list, so that they know whom to ask rather than
 * wonder why the card is empty. Adding, editing and deleting appear only for
 * users with `password-export.account.update` on the entity; the backend
 * enforces both permissions again.
 *
 * @public
 */
export function AccountsCard(props: AccountsCardProps) {
  const { entityRef } = props;
  const read = usePermission({
    permission: passwordExportAccountReadPermission,
    resourceRef: entityRef,
  });

  if (read.loading) {
    return (
      <InfoCard {...cardProps}>
        <Progress />
      </InfoCard>
    );
  }

  if (read.error) {
    return (
      <InfoCard {...cardProps}>
        <ResponseErrorPanel error={read.error} />
      </InfoCard>
    );
  }

  if (!read.allowed) {
    return (
      <InfoCard {...cardProps}>
        <Typography variant="body2">
          You do not have permission to view accounts of this resource.
        </Typography>
      </InfoCard>
    );
  }

  return <AccountsCardContent entityRef={entityRef} />;
}
