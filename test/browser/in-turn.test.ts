/**
 * The journeys that move the same shared numbers, one after another on the shared portal: the
 * voter and the plain ballot form count ballots in the open round and check the count moved by
 * exactly theirs, and the four-eyes journey changes a candidate's official station count and
 * publishes. Vitest runs the other browser files (readers of pages, and the office journey on a
 * portal of its own) beside this one, so these must not be files of their own.
 */
import './journeys.ts';
import './four-eyes.ts';
import './no-javascript.ts';
