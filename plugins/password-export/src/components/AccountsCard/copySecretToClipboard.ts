/** Time after which a copied or revealed password is cleared, in ms. */
export const SECRET_EXPOSURE_MS = 30_000;

/**
 * Writes a secret to the clipboard and schedules its removal.
 *
 * @remarks
 *
 * After `clearAfterMs` the clipboard is emptied only if it still contains
 * the secret, so that text the user copied later survives. That check needs
 * to read the clipboard, which browsers allow without a prompt only when the
 * `clipboard-read` permission is already granted. Elsewhere the secret stays
 * in the clipboard.
 *
 * @returns a function that cancels the scheduled removal
 */
export async function copySecretToClipboard(
  secret: string,
  clearAfterMs: number = SECRET_EXPOSURE_MS,
): Promise<() => void> {
  await navigator.clipboard.writeText(secret);

  const timer = setTimeout(() => {
    void clearClipboardIfUnchanged(secret);
  }, clearAfterMs);

  return () => clearTimeout(timer);
}

async function clearClipboardIfUnchanged(secret: string): Promise<void> {
  try {
    if (!(await canReadClipboardWithoutPrompt())) {
      return;
    }

    const current = await navigator.clipboard.readText();
    if (current === secret) {
      await navigator.clipboard.writeText('');
    }
  } catch {
    // Reading fails when the page has lost focus or the permission was
    // revoked. The secret then stays, as in a browser that cannot read.
  }
}

async function canReadClipboardWithoutPrompt(): Promise<boolean> {
  if (!navigator.permissions?.query || !navigator.clipboard?.readText) {
    return false;
  }

  const status = await navigator.permissions.query({
    name: 'clipboard-read' as PermissionName,
  });
  return status.state === 'granted';
}
