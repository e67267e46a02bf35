// Prelude of the README's Chatwoot example (run by bindings-node/test.sh
// through scripts/doc_examples.py): a stand-in login, and a check that starts
// the example's `app` on 127.0.0.1 once the example has defined it, asks for
// an identity, compares it with node:crypto and stops the server.
const requireLogin = (req, res, next) => {
  req.user = { id: 42, email: 'user@example.com' }
  next()
}
setImmediate(async () => {
  const server = app.listen(0, '127.0.0.1')
  await require('node:events').once(server, 'listening')
  try {
    const response = await fetch(`http://127.0.0.1:${server.address().port}/chat/identity`)
    const body = await response.json()
    const expected = require('node:crypto')
      .createHmac('sha256', process.env.CHATWOOT_HMAC_TOKEN)
      .update('42')
      .digest('hex')
    if (response.status !== 200 || body.identifier !== 42 || body.identifier_hash !== expected) {
      throw new Error(`unexpected answer ${response.status} ${JSON.stringify(body)}`)
    }
  } finally {
    server.close()
  }
})
