// Shared by the test files, which run inside a fresh project where the
// packed `identity-hmac` tarball is installed.
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** The repository root, set by bindings-node/test.sh. */
export function repoRoot() {
  const root = process.env.IDENTITY_HMAC_REPO_ROOT
  if (!root) throw new Error('IDENTITY_HMAC_REPO_ROOT is not set: run bindings-node/test.sh')
  return root
}

/**
 * Set (to the reason) where a test cannot start a child Node of the same kind,
 * e.g. an arm64 Node under qemu-user without binfmt_misc; those tests skip.
 */
export const noChildProcesses = process.env.IDENTITY_HMAC_NO_CHILD_PROCESSES || false

/** The shared corpus, read in place. */
export function loadCorpus() {
  return JSON.parse(readFileSync(path.join(repoRoot(), 'conformance', 'corpus.json'), 'utf8'))
}

/** A corpus BYTES object as raw bytes. */
export function bytesOf(field) {
  if ('utf8' in field) return Buffer.from(field.utf8, 'utf8')
  return Buffer.from(field.hex, 'hex')
}

/** A corpus BYTES object as a binding would get it: a string when valid UTF-8. */
export function nativeOf(field) {
  return 'utf8' in field ? field.utf8 : Buffer.from(field.hex, 'hex')
}

// String.prototype.isWellFormed / toWellFormed arrived in Node 20; the
// package supports Node 18.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Whether a string has no lone surrogate (so it has a UTF-8 form). */
export function isWellFormed(text) {
  return text.match(LONE_SURROGATE) === null
}

/** The string with each lone surrogate replaced by U+FFFD. */
export function toWellFormed(text) {
  return text.replace(LONE_SURROGATE, '\uFFFD')
}
