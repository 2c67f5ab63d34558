export { startFakeDropbox } from './startFakeDropbox';
export type { FakeDropbox } from './startFakeDropbox';
export {
  defaultFakeDropboxAccount,
  defaultFakeDropboxApp,
} from './FakeDropboxState';
export type { CodeChallengeMethod } from './FakeDropboxState';
export { computeDropboxContentHash } from './contentHash';
export type {
  FakeDropboxAccount,
  FakeDropboxApp,
  FakeDropboxFault,
  FakeDropboxFile,
  FakeDropboxOptions,
  FakeDropboxRequestRecord,
  FakeDropboxTokenRequestRecord,
} from './types';
