/** Number of entries after which the oldest entry is dropped. */
const defaultMaxEntries = 10_000;

/**
 * Remembers the id of each user's export folder in memory, so that an
 * upload skips the request that finds or creates it.
 *
 * @remarks
 *
 * This is only an optimization: every replica has its own cache, and an
 * entry may point at a folder the user has since deleted. Correctness comes
 * from the upload: when Box responds with 404 for a cached folder, the entry is
 * dropped and the folder is found or created again.
 */
export class BoxFolderCache {
  private readonly entries = new Map<string, string>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly maxEntries = defaultMaxEntries) {}

  /**
   * Returns the cached folder id, or runs `resolve` once for all concurrent
   * callers with the same user and folder name and caches its result.
   */
  async get(
    userId: string,
    folderName: string,
    resolve: () => Promise<string>,
  ): Promise<string> {
    const key = JSON.stringify([userId, folderName]);
    const cached = this.entries.get(key);
    if (cached) {
      return cached;
    }

    let pending = this.pending.get(key);
    if (!pending) {
      pending = resolve()
        .then(folderId => {
          this.remember(key, folderId);
          return folderId;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  /** Drops an entry, for example after Box responded with 404 for the folder. */
  forget(userId: string, folderName: string): void {
    this.entries.delete(JSON.stringify([userId, folderName]));
  }

  private remember(key: string, folderId: string): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order, so the first key is the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
      }
    }
    this.entries.set(key, folderId);
  }
}
