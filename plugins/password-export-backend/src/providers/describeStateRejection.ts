import { OAuthStateRejection } from '../database/OAuthStateStore';

/** Describes why an OAuth state was not accepted, and what to do. */
export function describeStateRejection(
  rejection: OAuthStateRejection,
  providerTitle: string,
): string {
  const retry = `start the connection to ${providerTitle} again`;
  switch (rejection) {
    case 'used':
      return `This authorization was already used; ${retry}`;
    case 'expired':
      return `This authorization expired after 10 minutes; ${retry}`;
    case 'other-user':
      return `This authorization was started by another user; ${retry} while signed in as yourself`;
    case 'other-provider':
      return `This authorization was started for another provider; ${retry}`;
    default:
      return `This authorization is unknown to the portal; ${retry}`;
  }
}
