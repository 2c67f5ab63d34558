import { InputError } from '@backstage/errors';
import express, { ErrorRequestHandler, RequestHandler } from 'express';

/** Maximum size of a request body; an export request is far smaller. */
export const MAX_BODY_BYTES = 64 * 1024;

interface BodyParserError extends Error {
  type?: string;
}

/**
 * Turns the body parser's failures into errors that name the rule but not
 * the body. Node's JSON parser quotes the text around a syntax error, which
 * may be part of a passphrase or password, so its message never reaches
 * the response.
 */
const describeBodyParserError: ErrorRequestHandler = (
  error: BodyParserError,
  _req,
  _res,
  next,
) => {
  if (error.type === 'entity.parse.failed') {
    next(
      new InputError(
        'Request body is not valid JSON; send a JSON object with Content-Type: application/json',
      ),
    );
    return;
  }
  if (error.type === 'entity.too.large') {
    next(
      new InputError(
        `Request body is larger than the limit of ${MAX_BODY_BYTES} bytes; export fewer resources at once`,
      ),
    );
    return;
  }
  next(error);
};

/**
 * Parses JSON request bodies up to {@link MAX_BODY_BYTES}, with errors that
 * never repeat the body.
 */
export function parseJsonBody(): Array<RequestHandler | ErrorRequestHandler> {
  return [express.json({ limit: MAX_BODY_BYTES }), describeBodyParserError];
}
