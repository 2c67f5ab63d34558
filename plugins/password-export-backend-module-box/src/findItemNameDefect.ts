/** Maximum length of a Box file or folder name, in characters. */
export const MAX_ITEM_NAME_LENGTH = 255;

/**
 * Checks a file or folder name against the naming rules of Box and returns
 * the first rule it breaks, or undefined when the name is valid.
 *
 * @remarks
 *
 * Box rejects names longer than 255 characters (`item_name_too_long`) and
 * names that contain `/`, `\` or non-printable characters, have leading or
 * trailing spaces, or are "." or ".." (`item_name_invalid`), as its error
 * code reference lists them.
 */
export function findItemNameDefect(name: string): string | undefined {
  if (name.length === 0) {
    return 'it is empty';
  }
  if (name.length > MAX_ITEM_NAME_LENGTH) {
    return `it has ${name.length} characters, but Box allows at most ${MAX_ITEM_NAME_LENGTH}`;
  }
  if (name === '.' || name === '..') {
    return 'Box does not allow the names "." and ".."';
  }
  if (/[/\\]/.test(name)) {
    return 'it must not contain "/" or "\\"';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return 'it must not contain control characters';
  }
  if (name !== name.trim()) {
    return 'it must not begin or end with a space';
  }
  return undefined;
}
