<?php
// Runs a published PHP snippet over the conformance protocol (see ../../README.md).
// usage: php harness.php SNIPPET KEY_LITERAL MESSAGE_LITERAL RESULT_VARIABLE
// The snippet's two quoted literals are replaced by the vector's secret and
// identifier; everything else runs exactly as published.

declare(strict_types=1);

[, $snippetPath, $keyLiteral, $messageLiteral, $resultName] = $argv + [null, null, null, null, null];
if ($resultName === null) {
    fwrite(STDERR, "usage: php harness.php SNIPPET KEY_LITERAL MESSAGE_LITERAL RESULT_VARIABLE\n");
    exit(2);
}

function substitute(string $source, string $literal, string $variable): string
{
    foreach (["'", '"'] as $quote) {
        $quoted = $quote . $literal . $quote;
        if (substr_count($source, $quoted) === 1) {
            return str_replace($quoted, $variable, $source);
        }
    }
    fwrite(STDERR, "the literal {$literal} does not occur exactly once in the snippet\n");
    exit(2);
}

$source = file_get_contents($snippetPath);
$source = substitute($source, $keyLiteral, '$__harness_key');
$source = substitute($source, $messageLiteral, '$__harness_message');

/** Runs the snippet like an included file, in its own scope; returns its result variable. */
function run_snippet(string $__harness_source, string $__harness_key, string $__harness_message, string $__harness_result): mixed
{
    ob_start();
    try {
        eval('?>' . $__harness_source);
    } finally {
        ob_end_clean();
    }
    return ${$__harness_result} ?? null;
}

function one_line(string $text): string
{
    return trim(preg_replace('/\s+/', ' ', $text));
}

$fixedIdentifier = 'user@example.com';
while (($line = fgets(STDIN)) !== false) {
    $fields = explode("\t", rtrim($line, "\r\n"));
    [$op, $id, $encoding] = $fields + [null, null, null];
    if ($op === 'verify') {
        echo "$id\tunsupported\tthe published snippet only signs\n";
        continue;
    }
    if ($encoding !== 'text') {
        echo "$id\tunsupported\tthe Chatwoot snippet takes a text token\n";
        continue;
    }
    $secret = hex2bin($fields[3]);
    $identifier = $op === 'sign' ? hex2bin($fields[4]) : $fixedIdentifier;
    try {
        $hash = run_snippet($source, $secret, $identifier, $resultName);
    } catch (\Throwable $e) {
        echo "$id\terror\t" . get_class($e) . ': ' . one_line($e->getMessage()) . "\n";
        continue;
    }
    if (!is_string($hash)) {
        echo "$id\terror\tthe snippet produced no hash\n";
    } elseif ($op === 'secret') {
        echo "$id\tok\n";
    } else {
        echo "$id\thash\t$hash\n";
    }
}
