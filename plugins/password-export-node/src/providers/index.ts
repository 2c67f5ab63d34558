export * from './CloudStorageError';
export * from './CloudStorageProvider';
export * from './createOutboundAgent';
export * from './passwordExportProvidersExtensionPoint';
export * from './withRetries';
