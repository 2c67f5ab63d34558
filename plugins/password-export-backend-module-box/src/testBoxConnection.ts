import {
  CloudStorageTestConnectionContext,
  CloudStorageTestConnectionResult,
  createOutboundAgent,
  isCloudStorageError,
} from '@internal/backstage-plugin-password-export-node';
import { BoxEndpoints, describeService } from './boxEndpoints';
import { probeUrl } from './probeUrl';
import { resolveFolderName } from './settings';

/** A URL that "Test connection" requests, and what it stands for. */
interface ProbeTarget {
  url: string;
  title: string;
}

/**
 * Returns the URLs to probe: the API, and the upload host when it differs.
 * Both respond to an unauthenticated request, with 401 or 404, when reached.
 */
function listProbeTargets(endpoints: BoxEndpoints): ProbeTarget[] {
  const targets = [
    { url: `${endpoints.baseUrl}/2.0/users/me`, title: 'API' },
    { url: `${endpoints.uploadUrl}/2.0/files/content`, title: 'upload host' },
  ];
  const origins = new Set<string>();
  return targets.filter(target => {
    const origin = new URL(target.url).origin;
    if (origins.has(origin)) {
      return false;
    }
    origins.add(origin);
    return true;
  });
}

interface ProbeOutcome {
  target: ProbeTarget;
  proxy?: string;
  statusCode?: number;
  error?: string;
}

async function probe(
  target: ProbeTarget,
  context: CloudStorageTestConnectionContext,
): Promise<ProbeOutcome> {
  let outbound;
  try {
    outbound = createOutboundAgent(target.url);
  } catch (error) {
    // An invalid proxy URL: its message names the variables, not the value.
    return { target, error: (error as Error).message };
  }

  try {
    const statusCode = await probeUrl(target.url, {
      agent: outbound.agent,
      timeoutMs: context.timeoutMs,
      signal: context.signal,
    });
    return { target, proxy: outbound.proxy, statusCode };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      target,
      proxy: outbound.proxy,
      error:
        typeof code === 'string' && code !== 'EPROXYREFUSED'
          ? code
          : (error as Error).message,
    };
  } finally {
    outbound.agent.destroy();
  }
}

function describeRoute(proxy: string | undefined): string {
  return proxy ? ` through the proxy ${proxy}` : ' directly';
}

/**
 * Checks that the portal reaches the Box API and upload hosts, through the
 * proxy that applies to each, and that the folder name setting is valid.
 * Reports failures in the result instead of throwing.
 */
export async function testBoxConnection(
  context: CloudStorageTestConnectionContext,
  endpoints: BoxEndpoints,
): Promise<CloudStorageTestConnectionResult> {
  const startedAt = Date.now();
  const service = describeService(endpoints);

  let folderProblem: string | undefined;
  try {
    resolveFolderName(context.settings);
  } catch (error) {
    folderProblem = isCloudStorageError(error) ? error.message : String(error);
  }

  const outcomes = [];
  for (const target of listProbeTargets(endpoints)) {
    outcomes.push(await probe(target, context));
  }
  const durationMs = Date.now() - startedAt;
  const proxy = outcomes.find(outcome => outcome.proxy)?.proxy;

  const failed = outcomes.find(
    outcome => outcome.error || (outcome.statusCode ?? 0) >= 500,
  );
  if (failed) {
    const reason = failed.error ?? `HTTP ${failed.statusCode}`;
    context.logger.warn('Box connection test failed', {
      url: failed.target.url,
      proxy: failed.proxy ?? 'none',
      reason,
    });
    const advice = failed.proxy
      ? 'Check that the proxy allows api.box.com and upload.box.com.'
      : 'Check the network path, or set HTTPS_PROXY if the portal must use a proxy.';
    return {
      ok: false,
      durationMs,
      proxy,
      message: `Could not reach the ${service} ${failed.target.title} at ${
        failed.target.url
      }${describeRoute(failed.proxy)}: ${reason}. ${advice}`,
    };
  }

  const reached = outcomes
    .map(
      outcome =>
        `the ${outcome.target.title} at ${outcome.target.url} (HTTP ` +
        `${outcome.statusCode})`,
    )
    .join(' and ');
  const summary = `Reached ${service}: ${reached}${describeRoute(
    proxy,
  )} in ${durationMs} ms.`;
  if (folderProblem) {
    return {
      ok: false,
      durationMs,
      proxy,
      message: `${summary} ${folderProblem}`,
    };
  }
  return { ok: true, durationMs, proxy, message: summary };
}
