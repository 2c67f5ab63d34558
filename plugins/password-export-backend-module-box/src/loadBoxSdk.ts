import type { BoxDeveloperTokenAuth } from 'box-node-sdk/box/developerTokenAuth';
import type { AuthorizationManager } from 'box-node-sdk/managers/authorization';
import type { FilesManager } from 'box-node-sdk/managers/files';
import type { FoldersManager } from 'box-node-sdk/managers/folders';
import type { UploadsManager } from 'box-node-sdk/managers/uploads';
import type { UsersManager } from 'box-node-sdk/managers/users';
import type { BaseUrls, NetworkSession } from 'box-node-sdk/networking';

/**
 * The parts of box-node-sdk that the provider uses.
 */
export interface BoxSdk {
  NetworkSession: typeof NetworkSession;
  BaseUrls: typeof BaseUrls;
  BoxDeveloperTokenAuth: typeof BoxDeveloperTokenAuth;
  AuthorizationManager: typeof AuthorizationManager;
  UploadsManager: typeof UploadsManager;
  FoldersManager: typeof FoldersManager;
  FilesManager: typeof FilesManager;
  UsersManager: typeof UsersManager;
}

let loaded: BoxSdk | undefined;

/**
 * Loads the parts of box-node-sdk that the provider uses, once, on first
 * use.
 *
 * @remarks
 *
 * The package entry point loads every manager of the SDK: about 130 to
 * 230 ms on a 2-core machine (Node 22), against about 60 ms for the modules
 * required here. Requiring them on the first Box call instead of at import
 * keeps that time out of the backend's startup. `require` is used instead
 * of `import()`, which Jest runs only with experimental VM modules.
 */
export function loadBoxSdk(): BoxSdk {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const networking: typeof import('box-node-sdk/networking') = require('box-node-sdk/networking');
    const tokenAuth: typeof import('box-node-sdk/box/developerTokenAuth') = require('box-node-sdk/box/developerTokenAuth');
    const authorization: typeof import('box-node-sdk/managers/authorization') = require('box-node-sdk/managers/authorization');
    const uploads: typeof import('box-node-sdk/managers/uploads') = require('box-node-sdk/managers/uploads');
    const folders: typeof import('box-node-sdk/managers/folders') = require('box-node-sdk/managers/folders');
    const files: typeof import('box-node-sdk/managers/files') = require('box-node-sdk/managers/files');
    const users: typeof import('box-node-sdk/managers/users') = require('box-node-sdk/managers/users');
    /* eslint-enable @typescript-eslint/no-require-imports */
    loaded = {
      NetworkSession: networking.NetworkSession,
      BaseUrls: networking.BaseUrls,
      BoxDeveloperTokenAuth: tokenAuth.BoxDeveloperTokenAuth,
      AuthorizationManager: authorization.AuthorizationManager,
      UploadsManager: uploads.UploadsManager,
      FoldersManager: folders.FoldersManager,
      FilesManager: files.FilesManager,
      UsersManager: users.UsersManager,
    };
  }
  return loaded;
}
