/**
 * Routes of the fake Box, the unit that faults and request counts apply to.
 *
 * @public
 */
export type FakeBoxRoute =
  | 'authorize'
  | 'token'
  | 'revoke'
  | 'users.me'
  | 'folders.items'
  | 'folders.create'
  | 'files.preflight'
  | 'files.upload'
  | 'files.uploadVersion'
  | 'files.download'
  | 'files.delete';

/**
 * A response that the fake Box sends instead of handling a request: usually
 * a failure, or a stale success such as a preflight check that passes
 * although the file exists.
 *
 * @public
 */
export interface FakeBoxFault {
  /** HTTP status, such as 429 or 503. */
  status: number;
  /**
   * Box error code in the body. Defaults to the code Box uses for the
   * status, such as `rate_limit_exceeded` for 429.
   */
  code?: string;
  /** Error message in the body. */
  message?: string;
  /** Value of the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** Context information in the body, such as `conflicts`. */
  contextInfo?: Record<string, unknown>;
  /** JSON body to send instead of the Box error object. */
  body?: unknown;
  /** Leaves the request unanswered until the server closes. */
  hang?: boolean;
}

const defaultCodes: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: [
    'access_denied_insufficient_permissions',
    'Access denied - insufficient permission',
  ],
  404: ['not_found', 'Not Found'],
  409: ['conflict', 'A resource with this value already exists'],
  429: [
    'rate_limit_exceeded',
    'Request rate limit exceeded, please try again later',
  ],
  500: ['internal_server_error', 'Internal Server Error'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['unavailable', 'Unavailable'],
  507: ['insufficient_storage', 'Insufficient Storage'],
};

/** Returns the Box error code and message for a fault. */
export function describeFault(fault: FakeBoxFault): {
  code: string;
  message: string;
} {
  const [code, message] = defaultCodes[fault.status] ?? ['error', 'Error'];
  return { code: fault.code ?? code, message: fault.message ?? message };
}

/** Faults queued per route, each for a number of requests. */
export class FaultQueue {
  private readonly queues = new Map<FakeBoxRoute, FakeBoxFault[]>();

  add(route: FakeBoxRoute, fault: FakeBoxFault, count: number): void {
    const queue = this.queues.get(route) ?? [];
    for (let i = 0; i < count; i++) {
      queue.push(fault);
    }
    this.queues.set(route, queue);
  }

  /** Removes and returns the next fault of a route, if any is queued. */
  take(route: FakeBoxRoute): FakeBoxFault | undefined {
    return this.queues.get(route)?.shift();
  }

  clear(): void {
    this.queues.clear();
  }
}
