/**
 * Permissions and shared API types of the password export plugins.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './providerTypes';
export * from './syncTypes';
export * from './types';
