import GetAppIcon from '@material-ui/icons/GetApp';
import { IconComponent } from '@backstage/core-plugin-api';

/**
 * Icon of the "Export passwords…" action, usable wherever Backstage expects
 * an `IconComponent`, such as `EntityLayout`'s extra context menu items.
 *
 * @public
 */
export const ExportPasswordsIcon: IconComponent = GetAppIcon;
