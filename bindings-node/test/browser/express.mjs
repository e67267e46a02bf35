// The Express middleware in a real browser (issue 16 §5): a real Express app
// on 127.0.0.1 renders a page per preset (all 10) with identity-hmac/express
// and browser-tests/fixture.json's hostile user, plus Chatwoot under a CSP
// nonce, and browser-tests/browser_check.py checks each page in Chromium.
// Run by bindings-node/test.sh in the project where the package is installed:
//   node test/browser/express.mjs REPO_ROOT
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import express from 'express'
import { widgets } from 'identity-hmac'
import { identityHmac } from 'identity-hmac/express'

const root = process.argv[2]
const fixtureText = readFileSync(path.join(root, 'browser-tests', 'fixture.json'), 'utf8')
const fixture = JSON.parse(fixtureText)
// Above 2^53: read the digits exactly, as a bigint.
const user = { ...fixture.user, identifier: BigInt(fixtureText.match(/"identifier":\s*(\d+)/)[1]) }
const stub = (preset) => `/identity-hmac-stubs/${preset === 'intercom-jwt' ? 'intercom' : preset}.js`
const currentUser = (req) => req.user

const app = express()
// Stands in for the application's login.
app.use((req, res, next) => {
  req.user = user
  next()
})
for (const preset of widgets) {
  const middleware = identityHmac({
    widget: preset,
    secret: fixture.secrets[preset],
    user: currentUser,
    page: fixture.page[preset],
    keyId: fixture.key_ids[preset],
  })
  app.get(`/widget/${preset}`, middleware, (req, res) => {
    res.type('html').send(
      `<!doctype html><html><head><meta charset="utf-8"><script src="${stub(preset)}"></script></head>` +
        `<body><script>${res.locals.identityHmac}</script></body></html>`,
    )
  })
}
app.get(
  '/nonce/chatwoot',
  (req, res, next) => {
    res.locals.cspNonce = fixture.nonce
    next()
  },
  identityHmac({ widget: 'chatwoot', secret: fixture.secrets.chatwoot, user: currentUser, nonce: (req, res) => res.locals.cspNonce }),
  (req, res) => {
    const nonce = res.locals.cspNonce
    res.set('Content-Security-Policy', `script-src 'nonce-${nonce}'`)
    res.type('html').send(
      `<!doctype html><html><head><meta charset="utf-8"><script nonce="${nonce}" src="${stub('chatwoot')}"></script></head>` +
        `<body>${res.locals.identityHmac}</body></html>`,
    )
  },
)

const server = app.listen(0, '127.0.0.1')
await once(server, 'listening')
const base = `http://127.0.0.1:${server.address().port}`
const pairs = [...widgets.map((preset) => `${preset}=${base}/widget/${preset}`), `chatwoot=${base}/nonce/chatwoot`]
// Asynchronously: this process serves the pages while the check runs.
const check = spawn('python3', [path.join(root, 'browser-tests', 'browser_check.py'), '--label', 'express', ...pairs], { stdio: 'inherit' })
const [status] = await once(check, 'exit')
server.close()
process.exit(status ?? 2)
