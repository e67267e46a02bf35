// jsonwebtoken's half of the token cross-check (run by core/tests/token_crosscheck.rs),
// the same protocol as pyjwt_crosscheck.py: `verify IN OUT` and `sign OUT`.
// NODE_PATH points at the directory where the script installed the pinned package.
'use strict';
const fs = require('node:fs');
const jwt = require('jsonwebtoken');

const [mode, first, second] = process.argv.slice(2);

if (mode === 'verify') {
  const cases = JSON.parse(fs.readFileSync(first, 'utf8'));
  const results = cases.map((c) => {
    try {
      const decoded = jwt.verify(c.token, Buffer.from(c.key_hex, 'hex'), {
        algorithms: ['HS256'],
        clockTolerance: 60,
        complete: true,
      });
      return { claims: decoded.payload, kid: decoded.header.kid ?? null };
    } catch (error) {
      return { error: error.name };
    }
  });
  fs.writeFileSync(second, JSON.stringify(results));
} else {
  const now = Math.floor(Date.now() / 1000);
  const longKey = Buffer.from(Array.from({ length: 131 }, (_, i) => i));
  const cases = [
    [Buffer.from('your-messenger-api-secret-0123456789'), null, { user_id: '42', email: 'alice@example.com' }],
    [longKey, null, { sub: '12345', exp: now + 3600 }],
    [Buffer.from('zendesk-shared-secret-0123456789ab'), 'app_6543', { external_id: 'user-42', scope: 'user' }],
    [Buffer.from('k'), null, { name: 'Zo\u00eb \u{1F600} </script>', nested: { a: [1, 2, null, true] } }],
  ];
  const out = cases.map(([key, kid, claims]) => {
    const full = { ...claims, iat: now };
    const options = { algorithm: 'HS256' }; // keeps the given iat
    if (kid) options.keyid = kid;
    const token = jwt.sign(full, key, options);
    return { token, key_hex: key.toString('hex'), kid, claims: full };
  });
  fs.writeFileSync(first, JSON.stringify(out));
}
