'use strict'
// identity-hmac/express: a middleware that renders a widget's identify call
// for the logged-in user and puts it on `res.locals.identityHmac` (or the
// name given as `local`). Express is an optional peer dependency: nothing
// here requires it, and the main package never loads this file.
const { identifyScript } = require('./identity-hmac.js')

const call = (value, req, res) => (typeof value === 'function' ? value(req, res) : value)

/**
 * @param {object} options
 *   widget: a preset name ('chatwoot', 'pylon', ...);
 *   secret: the vendor secret (string or Uint8Array), or a function (req) => secret;
 *   secrets: instead of secret, the secrets newest first (rotation): the first signs;
 *   user: (req, res) => the user ({ identifier, email, name, ... }), or null/undefined when nobody is logged in;
 *   page: the page values ({ app_id }), or (req, res) => them;
 *   nonce: the CSP nonce, or (req, res) => it; with one, the value is a whole <script nonce> element;
 *   secretEncoding, expiresIn, keyId: as identifyScript takes them;
 *   local: the res.locals name (default 'identityHmac').
 */
function identityHmac(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('identityHmac(options) needs an object such as { widget, secret, user: (req) => req.user }')
  }
  const { widget, secrets, user, page, nonce, secretEncoding, expiresIn, keyId, local = 'identityHmac' } = options
  let { secret } = options
  if (secret === undefined && Array.isArray(secrets)) secret = secrets[0]
  if (secret === undefined) throw new TypeError('identityHmac: give secret (or secrets, newest first)')
  if (typeof user !== 'function') throw new TypeError('identityHmac: user must be a function (req, res) => user')
  if (typeof local !== 'string' || local === '') throw new TypeError('identityHmac: local must be a non-empty string')
  return function identityHmacMiddleware(req, res, next) {
    try {
      const current = user(req, res)
      if (current === null || current === undefined) {
        // Nobody logged in: nothing to identify.
        res.locals[local] = ''
        return next()
      }
      res.locals[local] = identifyScript(widget, call(secret, req, res), current, {
        page: call(page, req, res),
        nonce: call(nonce, req, res),
        secretEncoding,
        expiresIn,
        keyId,
      })
      next()
    } catch (error) {
      // Errors go to Express's error handler (an IdentityHmacError names the field, never the secret).
      next(error)
    }
  }
}

exports.identityHmac = identityHmac
