import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';

/** Maximum length of a file name in the app folder, in characters. */
export const maxDropboxFileNameLength = 255;

/** Character that replaces each character Dropbox or its apps cannot keep. */
const replacement = '_';

/**
 * Characters replaced by `_`: the separators and the characters that
 * Windows forbids (`/ \ < > : " | ? *`), whitespace other than the plain
 * space, control, format (such as bidirectional overrides), surrogate and
 * private-use characters, and every character above U+FFFF (such as emoji).
 */
const replacedCharacters =
  /[/\\<>:"|?*]|[^\S ]|[\p{Cc}\p{Cf}\p{Cs}\p{Co}]|[\u{10000}-\u{10FFFF}]/gu;

/** Extension kept when a long name is shortened, such as `.html`. */
const extensionPattern = /\.[^.]{1,16}$/;

const trailingDotsAndSpaces = /[. ]+$/;

/**
 * Turns a file name into one that the Dropbox API accepts and that every
 * Dropbox app can sync, with one rule.
 *
 * @remarks
 *
 * The name is normalized to Unicode NFC, each character listed in
 * `replacedCharacters` becomes `_`, and trailing dots and spaces are
 * removed. A name longer than 255 characters is shortened before its
 * extension. The rule is deterministic, so the same export name always
 * yields the same path and a new upload replaces the old file.
 *
 * @throws CloudStorageError of kind `invalid-input` when nothing is left.
 */
export function normalizeDropboxFileName(name: string): string {
  const replaced = name
    .normalize('NFC')
    .replace(replacedCharacters, replacement)
    .replace(trailingDotsAndSpaces, '');
  const shortened = shorten(replaced);

  if (shortened === '') {
    throw new CloudStorageError({
      kind: 'invalid-input',
      message:
        `File name ${JSON.stringify(name)} is invalid for Dropbox: it has ` +
        'no characters left after removing trailing dots and spaces. ' +
        'Export with a name that contains letters or digits.',
    });
  }
  return shortened;
}

function shorten(name: string): string {
  if (name.length <= maxDropboxFileNameLength) {
    return name;
  }
  const extension = extensionPattern.exec(name)?.[0] ?? '';
  const stem = name
    .slice(0, maxDropboxFileNameLength - extension.length)
    .replace(trailingDotsAndSpaces, '');
  return `${stem}${extension}`;
}
