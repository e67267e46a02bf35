// Prelude of the README's webhook example (run by bindings-node/test.sh
// through scripts/doc_examples.py): once the example has defined `app`, starts
// it on 127.0.0.1, posts hostile and valid bodies, checks each status (403 for
// every bad body, never a 500) and stops the server.
setImmediate(async () => {
  const { createHmac } = require('node:crypto')
  const hashUnder = (token, id) => createHmac('sha256', token).update(id).digest('hex')
  const good = hashUnder(process.env.HMAC_TOKEN, '42')
  const previous = hashUnder(process.env.HMAC_TOKEN_PREVIOUS, '42')
  const cases = [
    [{}, 403],
    [{ identifier: null }, 403],
    [{ identifier: 1.5 }, 403],
    [{ identifier: ['42'] }, 403],
    [{ identifier: '42' }, 403],
    [{ identifier: '42', identifier_hash: null }, 403],
    [{ identifier: '42', identifier_hash: 7 }, 403],
    [{ identifier: '42', identifier_hash: [good] }, 403],
    [{ identifier: { toString: 1 }, identifier_hash: good }, 403],
    [{ identifier: '42', identifier_hash: 'zz' }, 403],
    [{ identifier: '43', identifier_hash: good }, 403],
    [[], 403],
    [{ identifier: '42', identifier_hash: good }, 204],
    [{ identifier: '42', identifier_hash: good.toUpperCase() }, 204],
    [{ identifier: '42', identifier_hash: previous }, 204],
  ]
  const server = app.listen(0, '127.0.0.1')
  await require('node:events').once(server, 'listening')
  try {
    const url = `http://127.0.0.1:${server.address().port}/chat/webhook`
    for (const [body, expected] of cases) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
      if (response.status !== expected) {
        throw new Error(`body ${JSON.stringify(body)}: status ${response.status}, expected ${expected}`)
      }
    }
  } finally {
    server.close()
  }
})
