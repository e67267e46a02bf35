'use strict';
// Runs a published Node.js snippet over the conformance protocol (see ../../README.md).
// usage: node harness.js SNIPPET chatwoot|pylon KEY_LITERAL MESSAGE_LITERAL RESULT_NAME
// The snippet's two quoted literals are replaced by the vector's secret and
// identifier (as JavaScript strings, the snippet's own types); everything else
// runs exactly as published.

const fs = require('node:fs');

const [snippetPath, vendor, keyLiteral, messageLiteral, resultName] = process.argv.slice(2);
if (!resultName || !['chatwoot', 'pylon'].includes(vendor)) {
  process.stderr.write('usage: node harness.js SNIPPET chatwoot|pylon KEY_LITERAL MESSAGE_LITERAL RESULT_NAME\n');
  process.exit(2);
}
const encoding = vendor === 'pylon' ? 'hex' : 'text';
const wrongEncoding = vendor === 'pylon' ? 'the Pylon snippet takes a hex secret' : 'the Chatwoot snippet takes a text token';

function substitute(source, literal, variable) {
  for (const quote of ["'", '"']) {
    const quoted = quote + literal + quote;
    if (source.split(quoted).length === 2) return source.replace(quoted, () => variable);
  }
  process.stderr.write(`the literal ${literal} does not occur exactly once in the snippet\n`);
  process.exit(2);
}

let source = fs.readFileSync(snippetPath, 'utf8');
source = substitute(source, keyLiteral, '__harnessKey');
source = substitute(source, messageLiteral, '__harnessMessage');
// The snippet's own lines become a function body; its result is the named constant.
const runSnippet = new Function('require', '__harnessKey', '__harnessMessage', `${source}\nreturn ${resultName};`);

const strict = new TextDecoder('utf-8', { fatal: true });
function text(hex) {
  try {
    return strict.decode(Buffer.from(hex, 'hex'));
  } catch {
    return null;
  }
}

const out = [];
const input = fs.readFileSync(0, 'utf8');
for (const line of input.split('\n')) {
  if (line === '') continue;
  const fields = line.replace(/\r$/, '').split('\t');
  const [op, id, secretEncoding] = fields;
  if (op === 'verify') {
    out.push(`${id}\tunsupported\tthe published snippet only signs`);
    continue;
  }
  if (secretEncoding !== encoding) {
    out.push(`${id}\tunsupported\t${wrongEncoding}`);
    continue;
  }
  const secret = text(fields[3]);
  const identifier = op === 'sign' ? text(fields[4]) : 'user@example.com';
  if (secret === null || identifier === null) {
    out.push(`${id}\tunsupported\tnot valid UTF-8: a JavaScript string cannot carry these bytes`);
    continue;
  }
  let hash;
  try {
    hash = runSnippet(require, secret, identifier);
  } catch (e) {
    out.push(`${id}\terror\t${e.name}: ${String(e.message).replace(/\s+/g, ' ').trim()}`);
    continue;
  }
  if (typeof hash !== 'string') out.push(`${id}\terror\tthe snippet produced no hash`);
  else if (op === 'secret') out.push(`${id}\tok`);
  else out.push(`${id}\thash\t${hash}`);
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
