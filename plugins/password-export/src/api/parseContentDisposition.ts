/**
 * Extracts the file name from a `Content-Disposition` header value.
 *
 * @remarks
 *
 * Follows RFC 6266: an RFC 8187 extended `filename*` parameter (UTF-8,
 * percent-encoded) wins over a plain `filename` parameter, which may be a
 * token or a quoted string. Returns `undefined` when the header has no
 * usable file name. Directory separators and control characters are
 * replaced, because the result becomes the name of a file on the user's disk.
 */
export function parseContentDisposition(
  header: string | null | undefined,
): string | undefined {
  if (!header) {
    return undefined;
  }

  const parameters = parseParameters(header);

  const extended = parameters.get('filename*');
  const decoded = extended ? decodeExtendedValue(extended) : undefined;
  const fileName = decoded ?? parameters.get('filename');

  return fileName ? sanitizeFileName(fileName) : undefined;
}

// A parameter is `name=token` or `name="quoted string"`; the disposition
// type before the first `;` carries no parameter and is skipped.
const parameterPattern =
  /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))/g;

function parseParameters(header: string): Map<string, string> {
  const parameters = new Map<string, string>();

  for (const match of header.matchAll(parameterPattern)) {
    const name = match[1].toLowerCase();
    const value =
      match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];

    if (!parameters.has(name)) {
      parameters.set(name, value);
    }
  }

  return parameters;
}

// RFC 8187: charset'language'percent-encoded-value. Only UTF-8 is required
// of senders, and ISO-8859-1 is the one other charset readers must accept.
function decodeExtendedValue(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!match) {
    return undefined;
  }

  const charset = match[1].toLowerCase();
  const encoded = match[2];

  try {
    if (charset === 'utf-8') {
      return decodeURIComponent(encoded);
    }
    if (charset === 'iso-8859-1') {
      return encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
    }
  } catch {
    // A malformed percent-encoding makes the parameter unusable, so the
    // plain `filename` parameter is used instead.
  }
  return undefined;
}

function sanitizeFileName(fileName: string): string | undefined {
  const sanitized = fileName
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\]/g, '_')
    .trim();

  if (sanitized === '' || sanitized === '.' || sanitized === '..') {
    return undefined;
  }
  return sanitized;
}
