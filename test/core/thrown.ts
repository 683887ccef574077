// The CliqtelError a call throws, for core unit tests: fails the test when it throws nothing, something else, or an
// error of another code.
import { CliqtelError, type CliqtelErrorCode } from '../../src/core/errors';

export function thrownCliqtelError(fn: () => unknown, code: CliqtelErrorCode): CliqtelError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(CliqtelError);
  expect((thrown as CliqtelError).code).toBe(code);
  // Argument errors are found before any request: there is no HTTP status to report.
  if (code === 'bad_argument') expect((thrown as CliqtelError).status).toBe(0);
  return thrown as CliqtelError;
}

/** An argument error: names the argument, what was expected and what was given; sends nothing. */
export const argumentErrorOf = (fn: () => unknown) => thrownCliqtelError(fn, 'bad_argument');
/** A body refused as not what was asked for (an HTML page, a cut CSV…). */
export const badResponseOf = (fn: () => unknown) => thrownCliqtelError(fn, 'bad_response');
