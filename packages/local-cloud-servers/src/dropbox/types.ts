/**
 * A Dropbox app registered with the fake server.
 *
 * @public
 */
export interface FakeDropboxApp {
  /** App key, sent as `client_id`. */
  appKey: string;
  /** App secret, sent as `client_secret` by apps that use one. */
  appSecret: string;
  /** Name shown on the consent page and used as the app folder name. */
  name: string;
  /**
   * Redirect URIs registered for the app. Without one, the consent page
   * shows the code for the user to copy, as Dropbox does.
   */
  redirectUris?: string[];
  /**
   * Scopes granted to the app's tokens. Default `account_info.read`,
   * `files.content.read` and `files.content.write`.
   */
  scopes?: string[];
}

/**
 * A Dropbox user account of the fake server.
 *
 * @public
 */
export interface FakeDropboxAccount {
  /** Account id, such as `dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc`. */
  accountId: string;
  /** Given name, shown in `name.given_name`. */
  givenName: string;
  /** Surname, shown in `name.surname`. */
  surname: string;
  /** Email address of the account. */
  email: string;
  /** Bytes the account may store. Default 2 GiB. */
  quotaBytes?: number;
}

/**
 * Options of {@link startFakeDropbox}.
 *
 * @public
 */
export interface FakeDropboxOptions {
  /** Port to listen on; a free port when absent or 0. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Registered apps. Default: {@link defaultFakeDropboxApp}. */
  apps?: FakeDropboxApp[];
  /**
   * User accounts. The first one is signed in on the consent page.
   * Default: {@link defaultFakeDropboxAccount}.
   */
  accounts?: FakeDropboxAccount[];
  /** Lifetime of access tokens, in seconds. Default 14,400 (4 hours). */
  accessTokenLifetimeSeconds?: number;
  /** Lifetime of authorization codes, in seconds. Default 300. */
  codeLifetimeSeconds?: number;
}

/**
 * A scripted failure that the fake server returns instead of handling a
 * request.
 *
 * @public
 */
export type FakeDropboxFault =
  | {
      /** HTTP 429 with a `Retry-After` header and a rate limit error body. */
      type: 'rate-limit';
      /** Reason tag of the body. Default `too_many_requests`. */
      reason?: 'too_many_requests' | 'too_many_write_operations';
      /** Value of `Retry-After`, in seconds. Default 1. */
      retryAfterSeconds?: number;
    }
  | {
      /** An HTTP 5xx response with a plain-text body. */
      type: 'server-error';
      /** Status code. Default 500. */
      status?: 500 | 502 | 503 | 504;
      /** Value of a `Retry-After` header, in seconds, if any. */
      retryAfterSeconds?: number;
    }
  | {
      /** The connection is closed without a response. */
      type: 'connection-reset';
    };

/**
 * A file stored by the fake server.
 *
 * @public
 */
export interface FakeDropboxFile {
  /** File id, such as `id:a4ayc_80_OEAAAAAAAAAXw`. */
  id: string;
  /** Path with the case the uploader used, relative to the app folder. */
  pathDisplay: string;
  /** Content of the latest revision. */
  content: Buffer;
  /** Revision id of the latest revision. */
  rev: string;
  /** Number of uploads that wrote this path, the first one included. */
  revisions: number;
}

/**
 * A request the fake server received, without query string, headers or body,
 * so that recording it never keeps a secret.
 *
 * @public
 */
export interface FakeDropboxRequestRecord {
  method: string;
  path: string;
  status: number;
}

/**
 * A call to the token endpoint, described without its secrets.
 *
 * @public
 */
export interface FakeDropboxTokenRequestRecord {
  /** The `grant_type` parameter. */
  grantType: string;
  /** Whether the client sent its app secret. */
  withClientSecret: boolean;
  /** Whether the client sent a PKCE code verifier. */
  withCodeVerifier: boolean;
  /**
   * Whether parameters came in the query string, as the SDK sends them,
   * rather than only in a form body.
   */
  parametersInQuery: boolean;
  /** Status code of the response. */
  status: number;
}
