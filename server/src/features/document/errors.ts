// The services never throw at their callers: an internal failure answers "nothing here" (an
// empty list, null) and is reported to this handler, so the server can log it and tests can
// fail on it.
export type ServiceErrorHandler = (error: unknown, service: string) => void;

let handler: ServiceErrorHandler = () => undefined;

/** Sets the handler of internal failures (default: ignore). Returns the previous one. */
export function setServiceErrorHandler(h: ServiceErrorHandler): ServiceErrorHandler {
  const prev = handler;
  handler = h;
  return prev;
}

export function reportServiceError(error: unknown, service: string): void {
  try {
    handler(error, service);
  } catch {
    // a handler that throws must not break the request
  }
}
