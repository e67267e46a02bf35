// RANDOM_SOURCE_FAILED: when the operating system's random source fails,
// generateSecret() throws IdentityHmacError with that code. A child process
// runs with the repository's failing getrandom() preloaded (see
// conformance/test-support/failing_getrandom.c), built here with cc.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'

import { noChildProcesses, repoRoot } from './helpers.mjs'

const CHILD = `
const { IdentityHmacError, generateSecret } = require('identity-hmac')
if (!/^[0-9a-f]{64}$/.test(generateSecret())) throw new Error('no secret before the failure is switched on')
process.env.IDENTITY_HMAC_TEST_FAIL_GETRANDOM = '1'
try {
  generateSecret()
  console.log('no error')
} catch (e) {
  console.log([e.constructor.name, e instanceof IdentityHmacError, e instanceof Error, e.name, e.code, e.message].join('|'))
}
`

test('a failing random source is IdentityHmacError RANDOM_SOURCE_FAILED', { skip: (process.platform !== 'linux' && 'LD_PRELOAD of getrandom() is Linux (glibc)') || noChildProcesses }, (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'identity-hmac-getrandom-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const shim = path.join(dir, 'failing_getrandom.so')
  const source = path.join(repoRoot(), 'conformance', 'test-support', 'failing_getrandom.c')
  const build = spawnSync('cc', ['-shared', '-fPIC', '-o', shim, source], { encoding: 'utf8' })
  assert.equal(build.status, 0, `cc could not build the shim: ${build.error ?? ''} ${build.stderr}`)

  // The child resolves the installed package from the test project (the cwd).
  const child = spawnSync(process.execPath, ['-e', CHILD], {
    env: { ...process.env, LD_PRELOAD: shim },
    encoding: 'utf8',
    timeout: 120_000,
  })
  assert.equal(child.status, 0, `exit ${child.status} ${child.signal ?? ''}\n${child.stdout}\n${child.stderr.slice(-2000)}`)
  assert.equal(
    child.stdout.trim(),
    "IdentityHmacError|true|true|IdentityHmacError|RANDOM_SOURCE_FAILED|the operating system's random source failed",
  )
})
