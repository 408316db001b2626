export * from './protocol.js';
export * from './streams.js';
