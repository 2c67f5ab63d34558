export {
  EXPORT_PASSWORDS_MENU_TITLE,
  ExportPasswordsMenuItem,
} from './ExportPasswordsMenuItem';
export type { ExportPasswordsMenuItemProps } from './ExportPasswordsMenuItem';
export { ExportPasswordsIcon } from './ExportPasswordsIcon';
