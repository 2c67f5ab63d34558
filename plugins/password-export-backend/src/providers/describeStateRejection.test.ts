import { describeStateRejection } from './describeStateRejection';

describe('describeStateRejection', () => {
  it.each([
    ['used', 'already used'],
    ['expired', 'expired after 10 minutes'],
    ['other-user', 'started by another user'],
    ['other-provider', 'for another provider'],
    ['unknown', 'unknown to the portal'],
  ] as const)('explains a state that is %s', (rejection, expected) => {
    const message = describeStateRejection(rejection, 'Box');

    expect(message).toContain(expected);
    expect(message).toContain('start the connection to Box again');
  });
});
