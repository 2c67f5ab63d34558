import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { createRouter, RouterOptions } from '../service/router';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Lists `METHOD /path` for each route of the router, in OpenAPI notation. */
async function listRouterRoutes(): Promise<string[]> {
  // The handlers never run here, so the services can stay empty.
  const router = await createRouter({
    config: { passphraseMinLength: 12 },
  } as unknown as RouterOptions);

  const routes: string[] = [];
  for (const layer of (router as any).stack) {
    if (!layer.route) {
      continue;
    }
    const path = String(layer.route.path).replace(/:(\w+)/g, '{$1}');
    for (const method of Object.keys(layer.route.methods)) {
      routes.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return routes.sort();
}

async function listSpecRoutes(): Promise<string[]> {
  const spec = parse(
    await readFile(resolve(__dirname, 'openapi.yaml'), 'utf8'),
  );

  const routes: string[] = [];
  for (const [path, item] of Object.entries<Record<string, unknown>>(
    spec.paths,
  )) {
    for (const method of Object.keys(item)) {
      if (HTTP_METHODS.includes(method)) {
        routes.push(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  return routes.sort();
}

describe('openapi.yaml', () => {
  it('describes exactly the routes of the router', async () => {
    const routerRoutes = await listRouterRoutes();
    const specRoutes = await listSpecRoutes();

    expect(routerRoutes).toHaveLength(20);
    expect(specRoutes).toEqual(routerRoutes);
  });
});
