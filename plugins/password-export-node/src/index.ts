/**
 * Extension points, permission rules and conditions of the password export
 * backend.
 *
 * @packageDocumentation
 */

export * from './extensions';
export * from './permissions';
export * from './providers';
