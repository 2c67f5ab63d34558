export * from './box';
export * from './dropbox';
export * from './startLocalClouds';
