import { createHash, randomBytes } from 'node:crypto';

/** A Box user that can sign in on the fake consent page. */
export interface FakeBoxUser {
  id: string;
  name: string;
  login: string;
  /** Storage quota in bytes; every stored file version counts towards it. */
  spaceAmount: number;
}

/** A registered Box app: client id, client secret and allowed redirect URIs. */
export interface FakeBoxClient {
  clientId: string;
  clientSecret: string;
  /**
   * Redirect URIs configured for the app. When absent, any absolute
   * http: or https: URL is accepted, which suits the demo portal.
   */
  redirectUris?: string[];
}

/** One stored version of a file, with its bytes. */
export interface FakeBoxFileVersion {
  id: string;
  sha1: string;
  size: number;
  bytes: Buffer;
  createdAt: string;
}

/** A folder or file in a user's Box. */
export interface FakeBoxItem {
  type: 'folder' | 'file';
  id: string;
  name: string;
  parentId: string;
  createdAt: string;
  modifiedAt: string;
  /** Incremented on every change; Box sends it as `etag` and `sequence_id`. */
  sequenceId: number;
  /** Versions of a file, oldest first; empty for folders. */
  versions: FakeBoxFileVersion[];
}

interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  scope: string;
  expiresAt: number;
}

interface Grant {
  clientId: string;
  userId: string;
  scope: string;
  revoked: boolean;
  refreshToken: string;
  refreshTokenRevoked: boolean;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

/** Tokens that the token endpoint issued. */
export interface FakeBoxTokens {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
}

/** Reason an access token was not accepted. */
export type AccessTokenProblem = 'missing' | 'invalid';

/** The id Box gives every user's root folder. */
export const ROOT_FOLDER_ID = '0';

function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * In-memory state of the fake Box: apps, users, authorization codes,
 * tokens, and each user's folders and files.
 */
export class FakeBoxStore {
  readonly users: FakeBoxUser[];
  readonly clients: FakeBoxClient[];
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly grantsByRefreshToken = new Map<string, Grant>();
  private readonly itemsByUser = new Map<string, Map<string, FakeBoxItem>>();
  private nextId = 1_000_001;

  constructor(
    users: FakeBoxUser[],
    clients: FakeBoxClient[],
    private readonly lifetimes: {
      codeLifetimeMs: number;
      accessTokenLifetimeMs: number;
    },
  ) {
    this.users = users;
    this.clients = clients;
  }

  findUser(userId: string): FakeBoxUser | undefined {
    return this.users.find(user => user.id === userId);
  }

  findClient(clientId: string): FakeBoxClient | undefined {
    return this.clients.find(client => client.clientId === clientId);
  }

  createCode(entry: Omit<AuthorizationCode, 'expiresAt'>): string {
    const code = randomToken();
    this.codes.set(code, {
      ...entry,
      expiresAt: Date.now() + this.lifetimes.codeLifetimeMs,
    });
    return code;
  }

  /**
   * Takes an authorization code out of the store: a code is single use, so
   * it is gone after this call whether the exchange succeeds or not.
   */
  takeCode(code: string): AuthorizationCode | 'expired' | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (!entry) {
      return undefined;
    }
    return entry.expiresAt <= Date.now() ? 'expired' : entry;
  }

  expireCodes(): void {
    for (const entry of this.codes.values()) {
      entry.expiresAt = 0;
    }
  }

  issueTokens(clientId: string, userId: string, scope: string): FakeBoxTokens {
    const grant: Grant = {
      clientId,
      userId,
      scope,
      revoked: false,
      refreshToken: randomToken(),
      refreshTokenRevoked: false,
    };
    this.grantsByRefreshToken.set(grant.refreshToken, grant);
    return this.issueAccessToken(grant);
  }

  /**
   * Exchanges a refresh token for new tokens. The refresh token is single
   * use: it is replaced by a new one, and using it again fails.
   */
  refresh(clientId: string, refreshToken: string): FakeBoxTokens | undefined {
    const grant = this.grantsByRefreshToken.get(refreshToken);
    if (
      !grant ||
      grant.revoked ||
      grant.refreshTokenRevoked ||
      grant.refreshToken !== refreshToken ||
      grant.clientId !== clientId
    ) {
      return undefined;
    }

    grant.refreshToken = randomToken();
    this.grantsByRefreshToken.set(grant.refreshToken, grant);
    return this.issueAccessToken(grant);
  }

  /** Revokes the grant of an access or refresh token, both tokens included. */
  revoke(clientId: string, token: string): void {
    const grant =
      this.accessTokens.get(token)?.grant ??
      this.grantsByRefreshToken.get(token);
    if (grant && grant.clientId === clientId) {
      grant.revoked = true;
    }
  }

  /** Finds the user of a bearer token, or why the token is not accepted. */
  authenticate(accessToken: string | undefined): string | AccessTokenProblem {
    if (!accessToken) {
      return 'missing';
    }
    const entry = this.accessTokens.get(accessToken);
    if (!entry || entry.grant.revoked || entry.expiresAt <= Date.now()) {
      return 'invalid';
    }
    return entry.grant.userId;
  }

  expireAccessTokens(userId?: string): void {
    for (const entry of this.accessTokens.values()) {
      if (userId === undefined || entry.grant.userId === userId) {
        entry.expiresAt = 0;
      }
    }
  }

  revokeRefreshTokens(userId?: string): void {
    for (const grant of this.grantsByRefreshToken.values()) {
      if (userId === undefined || grant.userId === userId) {
        grant.refreshTokenRevoked = true;
      }
    }
  }

  /** Items of a user's Box by id; the root folder is implicit. */
  itemsOf(userId: string): Map<string, FakeBoxItem> {
    let items = this.itemsByUser.get(userId);
    if (!items) {
      items = new Map();
      this.itemsByUser.set(userId, items);
    }
    return items;
  }

  folderExists(userId: string, folderId: string): boolean {
    return (
      folderId === ROOT_FOLDER_ID ||
      this.itemsOf(userId).get(folderId)?.type === 'folder'
    );
  }

  findChild(
    userId: string,
    parentId: string,
    name: string,
  ): FakeBoxItem | undefined {
    for (const item of this.itemsOf(userId).values()) {
      if (item.parentId === parentId && item.name === name) {
        return item;
      }
    }
    return undefined;
  }

  children(userId: string, parentId: string): FakeBoxItem[] {
    return [...this.itemsOf(userId).values()].filter(
      item => item.parentId === parentId,
    );
  }

  createFolder(userId: string, parentId: string, name: string): FakeBoxItem {
    const now = new Date().toISOString();
    const folder: FakeBoxItem = {
      type: 'folder',
      id: this.allocateId(),
      name,
      parentId,
      createdAt: now,
      modifiedAt: now,
      sequenceId: 0,
      versions: [],
    };
    this.itemsOf(userId).set(folder.id, folder);
    return folder;
  }

  createFile(
    userId: string,
    parentId: string,
    name: string,
    bytes: Buffer,
  ): FakeBoxItem {
    const now = new Date().toISOString();
    const file: FakeBoxItem = {
      type: 'file',
      id: this.allocateId(),
      name,
      parentId,
      createdAt: now,
      modifiedAt: now,
      sequenceId: 0,
      versions: [this.createVersion(bytes)],
    };
    this.itemsOf(userId).set(file.id, file);
    return file;
  }

  addVersion(file: FakeBoxItem, bytes: Buffer, name?: string): void {
    file.versions.push(this.createVersion(bytes));
    file.sequenceId += 1;
    file.modifiedAt = new Date().toISOString();
    if (name) {
      file.name = name;
    }
  }

  /** Deletes an item and, for a folder, everything in it. */
  deleteItem(userId: string, itemId: string): boolean {
    const items = this.itemsOf(userId);
    if (!items.has(itemId)) {
      return false;
    }
    items.delete(itemId);
    for (const child of this.children(userId, itemId)) {
      this.deleteItem(userId, child.id);
    }
    return true;
  }

  /** Bytes a user stores, counting every version of every file. */
  spaceUsed(userId: string): number {
    let total = 0;
    for (const item of this.itemsOf(userId).values()) {
      for (const version of item.versions) {
        total += version.size;
      }
    }
    return total;
  }

  private issueAccessToken(grant: Grant): FakeBoxTokens {
    const accessToken = randomToken();
    this.accessTokens.set(accessToken, {
      grant,
      expiresAt: Date.now() + this.lifetimes.accessTokenLifetimeMs,
    });
    return {
      accessToken,
      refreshToken: grant.refreshToken,
      expiresIn: Math.round(this.lifetimes.accessTokenLifetimeMs / 1000),
    };
  }

  private createVersion(bytes: Buffer): FakeBoxFileVersion {
    return {
      id: this.allocateId(),
      sha1: createHash('sha1').update(bytes).digest('hex'),
      size: bytes.length,
      bytes,
      createdAt: new Date().toISOString(),
    };
  }

  private allocateId(): string {
    const id = String(this.nextId);
    this.nextId += 1;
    return id;
  }
}
