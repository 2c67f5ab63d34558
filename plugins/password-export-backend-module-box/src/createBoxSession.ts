import {
  createOutboundAgent,
  OutboundAgent,
} from '@internal/backstage-plugin-password-export-node';
import type { AuthorizationManager } from 'box-node-sdk/managers/authorization';
import type { FilesManager } from 'box-node-sdk/managers/files';
import type { FoldersManager } from 'box-node-sdk/managers/folders';
import type { UploadsManager } from 'box-node-sdk/managers/uploads';
import type { UsersManager } from 'box-node-sdk/managers/users';
import type { NetworkSession, RetryStrategy } from 'box-node-sdk/networking';
import { BoxEndpoints } from './boxEndpoints';
import { BoxSdk } from './loadBoxSdk';

/** Managers of the Box API that act with one user's access token. */
export interface BoxApi {
  users: UsersManager;
  folders: FoldersManager;
  uploads: UploadsManager;
  files: FilesManager;
}

/**
 * A box-node-sdk network session for one provider operation, and the
 * sockets it opened.
 */
export interface BoxSession {
  /** Token and revoke endpoints, which authenticate with the client secret. */
  authorization: AuthorizationManager;
  /** Creates the API managers for an access token. */
  api(accessToken: string): BoxApi;
  /** Closes the sockets of the session. */
  close(): void;
}

/**
 * Turns off the SDK's own retries. The SDK retries 429 and 5xx responses
 * up to 5 times without reading Retry-After, and handles a 401 by
 * refreshing the token itself, which would spend the single-use refresh token without
 * handing the new one back. The provider retries with `withRetries`
 * instead, which waits as long as Retry-After requests within a bounded total
 * wait, and leaves refreshing to the backend.
 */
const noRetries: RetryStrategy = {
  shouldRetry: async () => false,
  retryAfter: () => 0,
};

/**
 * Chooses the agent for each request by its origin, so that the proxy
 * settings (`HTTPS_PROXY`, `NO_PROXY` and so on) apply per host: the API,
 * the upload host and the token endpoint may differ.
 */
function createAgentSelector() {
  const agents = new Map<string, OutboundAgent>();
  return {
    select(url: { href: string }) {
      // node-fetch 2 passes a legacy `url.parse` object, which has no origin.
      const origin = new URL(url.href).origin;
      let entry = agents.get(origin);
      if (!entry) {
        entry = createOutboundAgent(origin);
        agents.set(origin, entry);
      }
      return entry.agent;
    },
    destroy() {
      for (const entry of agents.values()) {
        entry.agent.destroy();
      }
      agents.clear();
    },
  };
}

/**
 * Creates the network session of one operation.
 *
 * @remarks
 *
 * Without an explicit agent, box-node-sdk 10.12 uses its own proxy agent,
 * which sent requests for 127.0.0.1 to the proxy in `HTTP_PROXY` even with
 * `NO_PROXY=127.0.0.1` set (see the sibling test). The agents from
 * `createOutboundAgent` apply the same proxy rules as the other providers
 * and "Test connection", `NO_PROXY` included.
 */
export function createBoxSession(
  sdk: BoxSdk,
  endpoints: BoxEndpoints,
): BoxSession {
  const agents = createAgentSelector();
  const networkSession: NetworkSession = new sdk.NetworkSession({
    baseUrls: new sdk.BaseUrls({
      baseUrl: endpoints.baseUrl,
      uploadUrl: endpoints.uploadUrl,
      oauth2Url: endpoints.oauth2Url,
    }),
    // node-fetch 2, which the SDK uses, calls an agent function per request.
    agent: (url: { href: string }) => agents.select(url),
    retryStrategy: noRetries,
  });

  return {
    authorization: new sdk.AuthorizationManager({ networkSession }),
    api(accessToken) {
      const auth = new sdk.BoxDeveloperTokenAuth({ token: accessToken });
      return {
        users: new sdk.UsersManager({ auth, networkSession }),
        folders: new sdk.FoldersManager({ auth, networkSession }),
        uploads: new sdk.UploadsManager({ auth, networkSession }),
        files: new sdk.FilesManager({ auth, networkSession }),
      };
    },
    close: () => agents.destroy(),
  };
}
