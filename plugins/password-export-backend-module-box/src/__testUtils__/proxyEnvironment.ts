const proxyVariables = [
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'all_proxy',
  'no_proxy',
];

/**
 * Replaces the proxy environment variables for the duration of a test and
 * returns the function that restores them.
 */
export function setProxyEnvironment(
  values: Record<string, string>,
): () => void {
  const saved = new Map(proxyVariables.map(name => [name, process.env[name]]));
  for (const name of proxyVariables) {
    delete process.env[name];
  }
  Object.assign(process.env, values);

  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  };
}

/**
 * Sends requests to 127.0.0.1 directly, whatever proxy the machine sets.
 * box-node-sdk's own agent would honour HTTP_PROXY even for loopback.
 */
export function bypassProxyForLoopback(): () => void {
  return setProxyEnvironment({
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  });
}
