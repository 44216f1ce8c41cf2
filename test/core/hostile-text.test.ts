import { describe, expect, it } from 'vitest';
import { HelpdeskCore } from '../../src/core/helpdesk-core';
import { MAX_ANALYSED_CHARS } from '../../src/core/normalize-text';
import { loadDefaultHelpdeskData } from '../../src/loading/load-helpdesk-data';

const core = HelpdeskCore.fromData(loadDefaultHelpdeskData());

/** A message of `unit` repeated up to the analysed length (the rest of a longer message is cut anyway). */
function filled(unit: string, prefix = '', suffix = ''): string {
  return prefix + unit.repeat(Math.ceil(MAX_ANALYSED_CHARS / unit.length)) + suffix;
}

// One message is analysed on the event loop every other turn waits on: a pattern that backtracks turns one paste into
// an outage. Each of these once took from half a second ("50126 " repeated: a word count per number) to minutes ("error"
// and a run of spaces: three nested white-space runs); linear work on 20,000 characters takes a few milliseconds.
const HOSTILE: [string, string][] = [
  ['a label and a run of spaces', filled(' ', 'error', 'x')],
  ['a label, spaces and a code at the end', filled(' ', 'Sign-in error code', '50126')],
  ['a context label and a run of spaces', filled(' ', 'Request Id', 'x')],
  ['a date label and a run of spaces', filled(' ', 'date', 'x')],
  ['thousands of bare numbers', filled('50126 ')],
  ['thousands of listed numbers', filled(', 50126', 'error code 50126')],
  ['labels without numbers', filled('error code is ')],
  ['a run of digits', filled('5')],
  ['delimiters of a table', filled('|,;\t')],
  ['quotes', filled('"')],
  ['Chinese negations', filled('不')],
  ['percent escapes', filled('%2')],
];

describe('hostile text', () => {
  it.each(HOSTILE)('answers %s in linear time', (_, text) => {
    core.understand(text.slice(0, 100)); // warm the code path
    // The best of three: a busy machine (parallel test files) may pause one run, never all three by 250 ms.
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      expect(core.understand(text).lang).toBeDefined();
      best = Math.min(best, performance.now() - started);
    }
    expect(best).toBeLessThan(250);
  });

  it('still finds a code after a long run of white space', () => {
    expect(core.understand('Sign-in error code\n\n   50126').found).toEqual([50126]);
    // Too far from its label to be read as labelled, a known code still counts in a message about an error.
    expect(core.understand(`error${' '.repeat(2_000)}50126`).found).toEqual([50126]);
  });
});
