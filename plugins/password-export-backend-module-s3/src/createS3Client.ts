import { S3Client } from '@aws-sdk/client-s3';
import { createOutboundAgent } from '@internal/backstage-plugin-password-export-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import https from 'node:https';
import { S3ConnectionInput } from './validateConnectionInput';

/**
 * An S3 client bound to one user's keys, with the proxy it uses.
 */
export interface UserS3Client {
  client: S3Client;
  /** The proxy requests go through, without credentials; absent when direct. */
  proxy?: string;
  /** Closes the client and the sockets of its agent. */
  destroy(): void;
}

/**
 * Returns the base URL requests for a region or custom endpoint go to, which
 * also decides the proxy.
 */
export function resolveServiceUrl(location: {
  region: string;
  endpoint?: string;
}): string {
  if (location.endpoint) {
    return location.endpoint;
  }
  // Regions of the China partition live under their own domain.
  const domain = location.region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : 'amazonaws.com';
  return `https://s3.${location.region}.${domain}`;
}

/**
 * Creates an S3 client that signs with the user's keys only.
 *
 * @remarks
 *
 * The keys are always passed explicitly, so the SDK never consults its
 * default credential chain (environment, shared profile, instance metadata).
 * `ignoreConfiguredEndpointUrls` stops `AWS_ENDPOINT_URL` in the server's
 * environment or profile from redirecting the user's uploads. The SDK's own
 * retries are off (`maxAttempts: 1`) because callers retry with
 * `withRetries`, which bounds the total wait.
 */
export function createS3Client(
  connection: S3ConnectionInput,
  timeoutMs: number,
): UserS3Client {
  if (!connection.accessKeyId || !connection.secretAccessKey) {
    // Unreachable after validation; kept so that no code path can ever build
    // a client that falls back to the server's credentials.
    throw new Error('S3 client requires an access key id and secret');
  }

  // NOTE: the proxy is chosen for the regional endpoint. A NO_PROXY entry
  // that names only a bucket's virtual host, such as
  // my-bucket.s3.eu-west-1.amazonaws.com, does not apply.
  const serviceUrl = resolveServiceUrl(connection);
  const { agent, proxy } = createOutboundAgent(serviceUrl);
  const secure = new URL(serviceUrl).protocol === 'https:';
  const requestHandler = new NodeHttpHandler({
    httpAgent: secure ? undefined : agent,
    httpsAgent: secure ? (agent as https.Agent) : undefined,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    // Without it, the handler only logs a warning when requestTimeout passes.
    throwOnRequestTimeout: true,
  });

  const client = new S3Client({
    region: connection.region,
    credentials: {
      accessKeyId: connection.accessKeyId,
      secretAccessKey: connection.secretAccessKey,
    },
    maxAttempts: 1,
    requestHandler,
    ignoreConfiguredEndpointUrls: true,
    ...(connection.endpoint ? customEndpointOptions(connection.endpoint) : {}),
  });

  return {
    client,
    proxy,
    destroy: () => {
      client.destroy();
      // The handler does not destroy agents it was given.
      agent.destroy();
    },
  };
}

function customEndpointOptions(endpoint: string) {
  return {
    endpoint,
    // S3-compatible stores rarely support virtual-hosted bucket names.
    forcePathStyle: true,
    // With the SDK's default (WHEN_SUPPORTED), some stores, s3rver 3.7.1
    // among them, store the aws-chunked framing of a streamed body as the
    // object's content and still respond with 200.
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };
}
