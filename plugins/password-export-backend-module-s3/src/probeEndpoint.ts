import http from 'node:http';
import https from 'node:https';

/**
 * Response of the endpoint to an unsigned HEAD request.
 */
export interface ProbeResponse {
  statusCode: number;
}

/**
 * Sends an unsigned HEAD request to a URL through an agent and resolves with
 * the response status, whatever it is. Rejects on network errors, and with
 * an error of code `ETIMEDOUT` when no response arrives in time.
 */
export function probeEndpoint(
  url: string,
  options: { agent: http.Agent; timeoutMs: number; signal: AbortSignal },
): Promise<ProbeResponse> {
  const timeoutSignal = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeoutSignal]);

  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? https.request : http.request;
    const request = send(
      url,
      { method: 'HEAD', agent: options.agent, signal },
      response => {
        response.resume();
        resolve({ statusCode: response.statusCode ?? 0 });
      },
    );

    request.on('error', error => {
      if (timeoutSignal.aborted) {
        const message = `No response from ${url} within ${options.timeoutMs} ms`;
        reject(
          Object.assign(new Error(message), {
            name: 'TimeoutError',
            code: 'ETIMEDOUT',
          }),
        );
        return;
      }
      reject(error);
    });
    request.end();
  });
}
