import { ConnectionView } from '@internal/backstage-plugin-password-export-common';

/** Called with the new connection once the backend has saved it. */
export type ConnectionCallback = (connection: ConnectionView) => void;
