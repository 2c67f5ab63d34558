export * from './passwordExportRequestResourceRef';
export * from './rules';
export * from './conditions';
