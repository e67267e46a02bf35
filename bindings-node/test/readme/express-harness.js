// Prelude of the README's Express example (run by bindings-node/test.sh
// through scripts/doc_examples.py): a stand-in login and vendor snippet, and
// a check that starts the example's `app` on 127.0.0.1, fetches the page and
// compares the rendered call's hash with node:crypto.
const requireLogin = (req, res, next) => {
  req.user = { id: 42, email: 'user@example.com', name: '</script><script>alert(1)</script>' }
  next()
}
const chatwootSnippet = '<script src="/chatwoot-sdk.js"></script>'
setImmediate(async () => {
  const server = app.listen(0, '127.0.0.1')
  await require('node:events').once(server, 'listening')
  try {
    const page = await (await fetch(`http://127.0.0.1:${server.address().port}/`)).text()
    const expected = require('node:crypto').createHmac('sha256', process.env.CHATWOOT_HMAC_TOKEN).update('42').digest('hex')
    if (!page.includes(`identifier_hash: "${expected}"`) || page.includes('</script><script>alert')) {
      throw new Error(`unexpected page ${page}`)
    }
  } finally {
    server.close()
  }
})
