<?php
// The conformance runner's harness for the PHP package: TAB-separated
// requests on stdin, one response line per request (conformance/README.md).
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';

use IdentityHmac\IdentityHmacException;
use IdentityHmac\Signer;

while (($line = fgets(STDIN)) !== false) {
    $line = rtrim($line, "\r\n");
    if ($line === '') {
        continue;
    }
    $fields = explode("\t", $line);
    $id = $fields[1] ?? '?';
    $args = [];
    foreach (array_slice($fields, 3) as $field) {
        $raw = $field === '' ? '' : hex2bin($field);
        if ($raw === false) {
            echo "$id\tunsupported\tbad hex field\n";
            continue 2;
        }
        // PHP strings are byte strings: valid and invalid UTF-8 travel alike.
        $args[] = $raw;
    }
    if (count($args) === 0) {
        echo "$id\tunsupported\tmalformed request\n";
        continue;
    }
    try {
        $signer = Signer::create($args[0], $fields[2]);
    } catch (IdentityHmacException $e) {
        echo "$id\terror\t{$e->getErrorCode()}\n";
        continue;
    }
    echo match (true) {
        $fields[0] === 'secret' && count($args) === 1 => "$id\tok\n",
        $fields[0] === 'sign' && count($args) === 2 => "$id\thash\t{$signer->sign($args[1])}\n",
        $fields[0] === 'verify' && count($args) === 3 => "$id\tbool\t" . ($signer->verify($args[1], $args[2]) ? 'true' : 'false') . "\n",
        default => "$id\tunsupported\trequest {$fields[0]}\n",
    };
}
