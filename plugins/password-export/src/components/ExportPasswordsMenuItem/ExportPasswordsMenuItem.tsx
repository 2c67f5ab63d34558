import { useState } from 'react';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import { ExportPasswordsDialog } from '../ExportPasswordsDialog';
import { ExportPasswordsIcon } from './ExportPasswordsIcon';

/** Text of the menu item that opens the export dialog. */
export const EXPORT_PASSWORDS_MENU_TITLE = 'Export passwords…';

/**
 * Props of {@link ExportPasswordsMenuItem}.
 *
 * @public
 */
export interface ExportPasswordsMenuItemProps {
  /**
   * References of the resource entities to export; defaults to the entity
   * of the current entity page.
   */
  entityRefs?: string[];
  /** Called when the item is clicked, for example to close its menu. */
  onClick?: () => void;
  /**
   * URL of the synced copies page, which the export confirmation links to,
   * such as `useRouteRef(syncedCopiesRouteRef)()`.
   */
  syncedCopiesLink?: string;
}

/**
 * A Material UI menu item "Export passwords…" that opens the
 * {@link ExportPasswordsDialog}, for menus that a portal builds itself.
 *
 * @remarks
 *
 * The dialog is rendered beside the item, so the menu must stay mounted
 * while it is open: pass `keepMounted` to the Material UI `Menu`. For
 * `EntityLayout`'s context menu, use `ExportPasswordsDialog` directly, as
 * the plugin's README shows.
 *
 * @public
 */
export function ExportPasswordsMenuItem(props: ExportPasswordsMenuItemProps) {
  const { entityRefs, ...itemProps } = props;
  if (entityRefs) {
    return (
      <ExportPasswordsMenuItemForRefs entityRefs={entityRefs} {...itemProps} />
    );
  }
  return <CurrentEntityExportPasswordsMenuItem {...itemProps} />;
}

type ItemProps = Omit<ExportPasswordsMenuItemProps, 'entityRefs'>;

// Reads the entity only when no refs were given, because the entity
// context exists on entity pages alone.
function CurrentEntityExportPasswordsMenuItem(props: ItemProps) {
  const { entity } = useAsyncEntity();
  const entityRefs = entity ? [stringifyEntityRef(entity)] : [];

  return <ExportPasswordsMenuItemForRefs entityRefs={entityRefs} {...props} />;
}

function ExportPasswordsMenuItemForRefs(
  props: ItemProps & { entityRefs: string[] },
) {
  const { entityRefs, onClick, syncedCopiesLink } = props;
  const [open, setOpen] = useState(false);

  return (
    <>
      <MenuItem
        disabled={entityRefs.length === 0}
        onClick={() => {
          setOpen(true);
          onClick?.();
        }}
      >
        <ListItemIcon>
          <ExportPasswordsIcon fontSize="small" />
        </ListItemIcon>
        <ListItemText primary={EXPORT_PASSWORDS_MENU_TITLE} />
      </MenuItem>
      <ExportPasswordsDialog
        open={open}
        onClose={() => setOpen(false)}
        entityRefs={entityRefs}
        syncedCopiesLink={syncedCopiesLink}
      />
    </>
  );
}
