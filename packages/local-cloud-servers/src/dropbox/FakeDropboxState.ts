import { createHash, randomBytes } from 'node:crypto';
import {
  FakeDropboxAccount,
  FakeDropboxApp,
  FakeDropboxFault,
  FakeDropboxFile,
  FakeDropboxOptions,
  FakeDropboxRequestRecord,
  FakeDropboxTokenRequestRecord,
} from './types';

/**
 * The app registered with the fake server when no apps are given.
 *
 * @public
 */
export const defaultFakeDropboxApp: FakeDropboxApp = {
  appKey: 'localdropboxkey',
  appSecret: 'local-dropbox-app-secret',
  name: 'Password Export (local)',
};

/**
 * The account of the fake server when no accounts are given.
 *
 * @public
 */
export const defaultFakeDropboxAccount: FakeDropboxAccount = {
  accountId: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
  givenName: 'Ada',
  surname: 'Lovelace',
  email: 'ada@example.com',
};

const defaultQuotaBytes = 2 * 1024 * 1024 * 1024;

/** PKCE challenge methods that Dropbox accepts. */
export type CodeChallengeMethod = 'S256' | 'plain';

/** An authorization code and what it was issued for. */
export interface IssuedCode {
  clientId: string;
  accountId: string;
  codeChallenge?: string;
  codeChallengeMethod?: CodeChallengeMethod;
  redirectUri?: string;
  tokenAccessType: string;
  expiresAt: number;
  /** Time of the first exchange of the code. A second exchange fails. */
  usedAt?: number;
  /** Access tokens issued for the code, revoked when it is replayed. */
  issuedAccessTokens: string[];
}

/** An access token and its owner. */
export interface IssuedAccessToken {
  clientId: string;
  accountId: string;
  expiresAt: number;
  refreshToken?: string;
  revoked: boolean;
}

/** A refresh token and its owner. */
export interface IssuedRefreshToken {
  clientId: string;
  accountId: string;
  /** Whether the token came from a PKCE flow, which may refresh without the app secret. */
  pkce: boolean;
  revoked: boolean;
}

/** A fault queued for the next requests to one path. */
interface QueuedFault {
  fault: FakeDropboxFault;
  remaining: number;
}

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * In-memory state of the fake Dropbox server: apps, accounts, codes,
 * tokens, files, queued faults and request records.
 */
export class FakeDropboxState {
  readonly apps: Map<string, FakeDropboxApp>;
  readonly accounts: Map<string, FakeDropboxAccount>;
  readonly codes = new Map<string, IssuedCode>();
  readonly accessTokens = new Map<string, IssuedAccessToken>();
  readonly refreshTokens = new Map<string, IssuedRefreshToken>();
  /** Files by account id, then by lowercase path. */
  readonly files = new Map<string, Map<string, FakeDropboxFile>>();
  readonly requests: FakeDropboxRequestRecord[] = [];
  readonly tokenRequests: FakeDropboxTokenRequestRecord[] = [];
  accessTokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  signedInAccountId: string;
  private readonly faults = new Map<string, QueuedFault[]>();

  constructor(options: FakeDropboxOptions) {
    const apps = options.apps ?? [defaultFakeDropboxApp];
    const accounts = options.accounts ?? [defaultFakeDropboxAccount];
    if (accounts.length === 0) {
      throw new Error('The fake Dropbox server needs at least one account');
    }
    this.apps = new Map(apps.map(app => [app.appKey, app]));
    this.accounts = new Map(
      accounts.map(account => [account.accountId, { ...account }]),
    );
    this.accessTokenLifetimeSeconds =
      options.accessTokenLifetimeSeconds ?? 14_400;
    this.codeLifetimeSeconds = options.codeLifetimeSeconds ?? 300;
    this.signedInAccountId = accounts[0].accountId;
  }

  issueCode(options: {
    clientId: string;
    accountId?: string;
    codeChallenge?: string;
    codeChallengeMethod?: CodeChallengeMethod;
    redirectUri?: string;
    tokenAccessType?: string;
  }): string {
    const code = randomToken(32);
    this.codes.set(code, {
      clientId: options.clientId,
      accountId: options.accountId ?? this.signedInAccountId,
      codeChallenge: options.codeChallenge,
      codeChallengeMethod: options.codeChallenge
        ? options.codeChallengeMethod ?? 'plain'
        : undefined,
      redirectUri: options.redirectUri,
      tokenAccessType: options.tokenAccessType ?? 'online',
      expiresAt: Date.now() + this.codeLifetimeSeconds * 1000,
      issuedAccessTokens: [],
    });
    return code;
  }

  issueAccessToken(
    clientId: string,
    accountId: string,
    refreshToken?: string,
  ): string {
    const token = `sl.${randomToken(48)}`;
    this.accessTokens.set(token, {
      clientId,
      accountId,
      refreshToken,
      expiresAt: Date.now() + this.accessTokenLifetimeSeconds * 1000,
      revoked: false,
    });
    return token;
  }

  issueRefreshToken(clientId: string, accountId: string, pkce: boolean) {
    const token = randomToken(48);
    this.refreshTokens.set(token, {
      clientId,
      accountId,
      pkce,
      revoked: false,
    });
    return token;
  }

  /**
   * Revokes an access token and, as Dropbox does, the refresh token it came
   * from together with every access token of that refresh token.
   */
  revokeAccessToken(token: string): void {
    const issued = this.accessTokens.get(token);
    if (!issued) {
      return;
    }
    issued.revoked = true;
    if (issued.refreshToken) {
      this.revokeRefreshToken(issued.refreshToken);
    }
  }

  /** Revokes a refresh token and every access token issued from it. */
  revokeRefreshToken(token: string): void {
    const issued = this.refreshTokens.get(token);
    if (!issued) {
      return;
    }
    issued.revoked = true;
    for (const accessToken of this.accessTokens.values()) {
      if (accessToken.refreshToken === token) {
        accessToken.revoked = true;
      }
    }
  }

  expireAccessTokens(): void {
    const now = Date.now();
    for (const token of this.accessTokens.values()) {
      token.expiresAt = Math.min(token.expiresAt, now - 1);
    }
  }

  queueFault(path: string, fault: FakeDropboxFault, times: number): void {
    const queue = this.faults.get(path) ?? [];
    queue.push({ fault, remaining: times });
    this.faults.set(path, queue);
  }

  /** Takes the next queued fault for a path, if there is one. */
  takeFault(path: string): FakeDropboxFault | undefined {
    const queue = this.faults.get(path);
    const next = queue?.[0];
    if (!queue || !next) {
      return undefined;
    }
    next.remaining -= 1;
    if (next.remaining <= 0) {
      queue.shift();
    }
    return next.fault;
  }

  clearFaults(): void {
    this.faults.clear();
  }

  filesOf(accountId: string): Map<string, FakeDropboxFile> {
    let files = this.files.get(accountId);
    if (!files) {
      files = new Map();
      this.files.set(accountId, files);
    }
    return files;
  }

  usedBytes(accountId: string): number {
    let total = 0;
    for (const file of this.filesOf(accountId).values()) {
      total += file.content.length;
    }
    return total;
  }

  quotaOf(accountId: string): number {
    return this.accounts.get(accountId)?.quotaBytes ?? defaultQuotaBytes;
  }
}

/** Computes the S256 PKCE challenge of a code verifier. */
export function computeS256Challenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/** Creates an id in the format Dropbox uses for files, such as `id:...`. */
export function createFileId(): string {
  return `id:${randomToken(16)}`;
}

/** Creates a revision id: lowercase hex, as Dropbox returns. */
export function createRevision(): string {
  return randomBytes(9).toString('hex');
}
