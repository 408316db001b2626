/** Where the master writes its log lines; injected so tests can silence or capture them. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(`sentinel-master: ${message}`),
  warn: (message) => console.warn(`sentinel-master: warning: ${message}`),
  error: (message, error) =>
    error === undefined ? console.error(`sentinel-master: ${message}`) : console.error(`sentinel-master: ${message}`, error),
};

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
