import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { FakeBox, startFakeBox } from './box';
import { FakeDropbox, startFakeDropbox } from './dropbox';

/**
 * Ports of the local storage servers. The demo's app-config.local-clouds.yaml
 * points the portal at these ports.
 *
 * @public
 */
export const LOCAL_CLOUD_PORTS = { s3: 4568, dropbox: 4569, box: 4570 };

/**
 * Bucket that the local S3 server creates.
 *
 * @public
 */
export const LOCAL_S3_BUCKET = 'demo-exports';

/**
 * Options of {@link startLocalClouds}.
 *
 * @public
 */
export interface LocalCloudsOptions {
  /** Folder where s3rver keeps its objects. */
  s3Directory: string;
  /** Ports to listen on; defaults to {@link LOCAL_CLOUD_PORTS}. */
  ports?: Partial<typeof LOCAL_CLOUD_PORTS>;
}

/**
 * The running local storage servers.
 *
 * @public
 */
export interface LocalClouds {
  s3: { url: string; bucket: string };
  dropbox: FakeDropbox;
  box: FakeBox;
  close(): Promise<void>;
}

/**
 * Starts s3rver, the fake Dropbox and the fake Box on 127.0.0.1, so that the
 * portal's three providers can be tried without cloud accounts.
 *
 * @public
 */
export async function startLocalClouds(
  options: LocalCloudsOptions,
): Promise<LocalClouds> {
  const ports = { ...LOCAL_CLOUD_PORTS, ...options.ports };
  mkdirSync(options.s3Directory, { recursive: true });
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: ports.s3,
    silent: true,
    directory: options.s3Directory,
    configureBuckets: [{ name: LOCAL_S3_BUCKET }],
  });
  const { port: s3Port } = await s3.run();

  const started: Array<() => Promise<void>> = [() => s3.close()];
  try {
    const dropbox = await startFakeDropbox({
      host: '127.0.0.1',
      port: ports.dropbox,
    });
    started.push(() => dropbox.close());
    const box = await startFakeBox({ host: '127.0.0.1', port: ports.box });
    started.push(() => box.close());

    return {
      s3: { url: `http://127.0.0.1:${s3Port}`, bucket: LOCAL_S3_BUCKET },
      dropbox,
      box,
      close: async () => {
        await Promise.all(started.map(close => close()));
      },
    };
  } catch (error) {
    // A port in use must not leave the servers that did start running.
    await Promise.all(started.map(close => close()));
    throw error;
  }
}
