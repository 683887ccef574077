// isPlainDecimal decides which CSV columns become numbers: it must accept exactly what Sheets holds without change.
import { isPlainDecimal } from '../../src/core/shape';
import { plainDecimalValue } from '../../src/core/values';

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

describe('plainDecimalValue: the value in one pass, exactly Number(s) where isPlainDecimal(s), else NaN', () => {
  const same = (s: string) => {
    const expected = isPlainDecimal(s) ? Number(s) : Number.NaN;
    expect([s, Object.is(plainDecimalValue(s), expected)]).toEqual([s, true]);
  };
  test.each(['0', '-0', '7', '-7', '183', '0.019', '-0.5', '12.10', '123456789012345', '-123456789012345', '9007199254740991'])(
    '%s',
    same,
  );
  test.each(['', '-', '00123', '01.5', '1e5', '+49151', '1.', '.5', '1.2.3', '1,234', '1234567890123456', ' 12', '12a', '0x1F'])(
    '%j',
    same,
  );
  test('random strings of digits, signs and dots', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = '0123456789.-';
    for (let k = 0; k < 20_000; k++) {
      const length = 1 + Math.floor(next() * 18);
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * (next() < 0.8 ? 10 : alphabet.length))];
      const expected = isPlainDecimal(s) ? Number(s) : Number.NaN;
      if (!Object.is(plainDecimalValue(s), expected)) throw new Error(`differs for ${JSON.stringify(s)}`);
    }
  });
});
