/** The structured logger every layer writes to (pino in the app); pass errors as `{ err }` so the stack is kept. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
