import http from 'node:http';
import https from 'node:https';
import { TLSSocket } from 'node:tls';

/**
 * Sends an unauthenticated GET request to a URL through an agent and
 * resolves with the response status, whatever it is. Rejects on network
 * errors, with an error of code `ETIMEDOUT` when no response arrives in
 * time, and with code `EPROXYREFUSED` when a proxy refused the tunnel.
 *
 * @remarks
 *
 * When a proxy refuses a CONNECT tunnel, https-proxy-agent 7 hands the
 * proxy's response, such as 403, to the request as if the target had sent
 * it. Such a response did not come over TLS, which distinguishes the two.
 */
export function probeUrl(
  url: string,
  options: { agent: http.Agent; timeoutMs: number; signal: AbortSignal },
): Promise<number> {
  const timeoutSignal = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeoutSignal]);

  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? https.request : http.request;
    const request = send(
      url,
      { method: 'GET', agent: options.agent, signal },
      response => {
        response.resume();
        const secure = (response.socket as TLSSocket | null)?.encrypted;
        if (url.startsWith('https:') && !secure) {
          reject(
            Object.assign(
              new Error(
                `The proxy rejected the tunnel to ${new URL(url).host} ` +
                  `with HTTP ${response.statusCode}`,
              ),
              { code: 'EPROXYREFUSED' },
            ),
          );
          return;
        }
        resolve(response.statusCode ?? 0);
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
