// The installed package: one version number, the generated declarations, and
// only the files it should ship.
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'

import { version } from 'identity-hmac'

import { repoRoot } from './helpers.mjs'

const require = createRequire(import.meta.url)
const installed = path.dirname(require.resolve('identity-hmac/package.json'))

function workspaceVersion() {
  const cargo = readFileSync(path.join(repoRoot(), 'Cargo.toml'), 'utf8')
  const section = cargo.split(/^\[workspace\.package\]$/m)[1]
  const match = section && section.match(/^version\s*=\s*"([^"]+)"/m)
  assert.ok(match, 'the root Cargo.toml has [workspace.package] version')
  return match[1]
}

test('package.json and the native version equal the workspace version', () => {
  const expected = workspaceVersion()
  assert.equal(version, expected)
  assert.equal(JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version, expected)
  const source = JSON.parse(readFileSync(path.join(repoRoot(), 'bindings-node', 'package.json'), 'utf8'))
  assert.equal(source.version, expected, 'bindings-node/package.json must carry the workspace version')
})

test('index.d.ts and index.js are what the napi CLI generates now', () => {
  const generated = process.env.IDENTITY_HMAC_GENERATED_DIR
  assert.ok(generated, 'IDENTITY_HMAC_GENERATED_DIR is set by test.sh')
  for (const file of ['index.d.ts', 'index.js']) {
    const fresh = readFileSync(path.join(generated, file), 'utf8')
    const committed = readFileSync(path.join(repoRoot(), 'bindings-node', file), 'utf8')
    assert.equal(committed, fresh, `bindings-node/${file} is stale: run \`npm run build\` in bindings-node and commit it`)
    assert.equal(readFileSync(path.join(installed, file), 'utf8'), committed, `the package ships the committed ${file}`)
  }
})

test('the tarball ships the loader, the types and the linux-x64-gnu binary only', () => {
  const files = readdirSync(installed).sort()
  assert.deepEqual(
    files.filter((file) => !['README.md', 'LICENSE'].includes(file)),
    ['identity-hmac.js', 'identity-hmac.linux-x64-gnu.node', 'index.d.ts', 'index.js', 'package.json'],
  )
})

test('the entry point exports what index.d.ts declares, and its classes mirror the native ones', async () => {
  const entry = require('identity-hmac')
  const native = require(path.join(installed, 'index.js'))
  const declared = [...readFileSync(path.join(installed, 'index.d.ts'), 'utf8').matchAll(/^export declare (?:class|function|const) (\w+)/gm)]
    .map((match) => match[1])
    .sort()
  assert.deepEqual(Object.keys(entry).sort(), declared)
  const members = (prototype) =>
    Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor')
      .sort()
  for (const name of ['Signer', 'Verifier']) {
    assert.deepEqual(members(entry[name].prototype), members(native[name].prototype), `${name}'s members`)
  }
  // The native classes are not reachable through the package's exports map.
  await assert.rejects(import('identity-hmac/index.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' })
})
