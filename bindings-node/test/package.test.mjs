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

// This machine's platform package (the tests run on glibc Linux only).
const platform = `${process.platform}-${process.arch}-gnu`
const platformPackage = `identity-hmac-${platform}`

test('the main tarball ships the entry point, the loader and the types, and no binary', () => {
  const files = readdirSync(installed).sort()
  assert.deepEqual(
    files.filter((file) => !['README.md', 'LICENSE'].includes(file)),
    ['express.d.ts', 'express.js', 'identity-hmac.js', 'index.d.ts', 'index.js', 'package.json'],
  )
})

test("the platform package ships this machine's binary, and its committed package.json", () => {
  const dir = path.dirname(require.resolve(`${platformPackage}/package.json`))
  assert.deepEqual(
    readdirSync(dir).sort().filter((file) => file !== 'README.md'),
    [`identity-hmac.${platform}.node`, 'package.json'],
  )
  const committed = readFileSync(path.join(repoRoot(), 'bindings-node', 'npm', platform, 'package.json'), 'utf8')
  assert.equal(readFileSync(path.join(dir, 'package.json'), 'utf8'), committed)
})

test('the main package has an optional dependency on every platform package, at its own version', () => {
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'))
  assert.equal(manifest.os, undefined)
  assert.equal(manifest.cpu, undefined)
  const npmDir = path.join(repoRoot(), 'bindings-node', 'npm')
  const expected = {}
  for (const dir of readdirSync(npmDir).sort()) {
    const platformManifest = JSON.parse(readFileSync(path.join(npmDir, dir, 'package.json'), 'utf8'))
    assert.equal(platformManifest.name, `identity-hmac-${dir}`)
    assert.equal(platformManifest.version, manifest.version, `npm/${dir} has the workspace version`)
    assert.equal(platformManifest.main, `identity-hmac.${dir}.node`)
    const [os, cpu, abi] = dir.split('-')
    assert.deepEqual(platformManifest.os, [os], `npm/${dir} os`)
    assert.deepEqual(platformManifest.cpu, [cpu], `npm/${dir} cpu`)
    // npm refuses a libc field on every OS but Linux.
    assert.deepEqual(platformManifest.libc, os === 'linux' ? [abi === 'musl' ? 'musl' : 'glibc'] : undefined, `npm/${dir} libc`)
    expected[platformManifest.name] = manifest.version
  }
  assert.deepEqual(Object.keys(expected).sort(), [
    'identity-hmac-darwin-arm64',
    'identity-hmac-darwin-x64',
    'identity-hmac-linux-arm64-gnu',
    'identity-hmac-linux-arm64-musl',
    'identity-hmac-linux-x64-gnu',
    'identity-hmac-linux-x64-musl',
    'identity-hmac-win32-x64-gnu',
  ])
  assert.deepEqual(manifest.optionalDependencies, expected)
  // The entry point's list, which its missing-binding error names.
  const entry = readFileSync(path.join(installed, 'identity-hmac.js'), 'utf8')
  const listed = JSON.parse(entry.match(/^const PLATFORM_PACKAGES = (\[.*\])$/m)[1].replaceAll("'", '"'))
  assert.deepEqual(listed.map((name) => `identity-hmac-${name}`).sort(), Object.keys(expected).sort())
})

test('npm/*/ is what napi create-npm-dirs (npm-dirs.sh) makes now', () => {
  const generated = process.env.IDENTITY_HMAC_GENERATED_DIR
  assert.ok(generated, 'IDENTITY_HMAC_GENERATED_DIR is set by test.sh')
  const fresh = path.join(generated, 'npm')
  const committed = path.join(repoRoot(), 'bindings-node', 'npm')
  assert.deepEqual(readdirSync(committed).sort(), readdirSync(fresh).sort())
  for (const dir of readdirSync(fresh)) {
    assert.deepEqual(readdirSync(path.join(committed, dir)).sort(), readdirSync(path.join(fresh, dir)).sort())
    for (const file of readdirSync(path.join(fresh, dir))) {
      assert.equal(
        readFileSync(path.join(committed, dir, file), 'utf8'),
        readFileSync(path.join(fresh, dir, file), 'utf8'),
        `bindings-node/npm/${dir}/${file} is stale: run \`npm run npm-dirs\` in bindings-node and commit it`,
      )
    }
  }
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
  for (const name of ['Signer', 'Verifier', 'TokenVerifier']) {
    assert.deepEqual(members(entry[name].prototype), members(native[name].prototype), `${name}'s members`)
  }
  // The native classes are not reachable through the package's exports map.
  await assert.rejects(import('identity-hmac/index.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' })
})
