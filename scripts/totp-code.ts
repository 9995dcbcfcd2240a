import { generateSync } from 'otplib';

/**
 * `npm run totp:code -- <secret>`: the current two-factor code of a TOTP secret, for trying the
 * demo accounts (`npm run seed:demo` prints their secrets in development) without a phone.
 */
const secret = process.argv[2]?.replace(/\s/g, '').toUpperCase();
if (!secret || !/^[A-Z2-7]+=*$/.test(secret)) {
  process.stderr.write('usage: npm run totp:code -- <base32 TOTP secret>\n');
  process.exit(2);
}
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
process.stdout.write(`${generateSync({ secret })} (valid for ${secondsLeft} more seconds)\n`);
