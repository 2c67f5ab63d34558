export { startFakeBox } from './startFakeBox';
export type {
  FakeBox,
  FakeBoxControls,
  FakeBoxFileSnapshot,
  FakeBoxFolderSnapshot,
  FakeBoxOptions,
} from './startFakeBox';
export type { FakeBoxClient, FakeBoxTokens, FakeBoxUser } from './FakeBoxStore';
export type { FakeBoxFault, FakeBoxRoute } from './faults';
export { submitFakeBoxConsent } from './submitFakeBoxConsent';
export type {
  FakeBoxConsentOptions,
  FakeBoxConsentResult,
} from './submitFakeBoxConsent';
