/**
 * Helpers for the tests of cloud storage provider modules.
 *
 * @packageDocumentation
 */

export * from './providerTestContext';
