// isPlainDecimal decides which CSV columns become numbers: it must accept exactly what Sheets holds without change.
import { isPlainDecimal } from '../../src/core/shape';

test.each(['0', '7', '-7', '183', '0.019', '-0.5', '12.10', '123456789012345', '-1.23456789012345'])(
  '%s is a plain decimal',
  (s) => {
    expect(isPlainDecimal(s)).toBe(true);
  },
);

test.each([
  ['', 'empty'],
  ['-', 'a sign alone'],
  ['00123', 'a leading zero (an identifier)'],
  ['01.5', 'a leading zero before digits'],
  ['1e5', 'an exponent'],
  ['+4915112345678', 'a + (a phone number)'],
  ['1.', 'a trailing dot'],
  ['.5', 'a leading dot'],
  ['1.2.3', 'two dots'],
  ['1,234', 'a thousands separator'],
  ['1234567890123456', 'more than 15 significant digits'],
  [' 12', 'a space'],
  ['12a', 'a letter'],
])('%j is not (%s)', (s) => {
  expect(isPlainDecimal(s)).toBe(false);
});
