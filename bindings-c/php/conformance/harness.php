<?php
// The conformance runner's harness for the PHP package: TAB-separated
// requests on stdin, one response line per request (conformance/README.md).
declare(strict_types=1);

require dirname(__DIR__) . '/autoload.php';

use IdentityHmac\IdentityHmacException;
use IdentityHmac\Signer;
use IdentityHmac\Token;
use IdentityHmac\TokenVerifier;

/** The bytes of a hex field; false when it is not hex. */
function unhex(string $field): string|false
{
    return $field === '' ? '' : @hex2bin($field);
}

/**
 * token_verify id text|hex KEYS token_hex now leeway max_lifetime|- required_claims_hex
 * (KEYS: comma-separated KIDHEX:SECRETHEX, newest first, KIDHEX empty for no key id).
 * Answers the claims as JSON text written by json_encode().
 */
function token_verify(array $f): string
{
    if (count($f) !== 9) {
        return "unsupported\tmalformed request";
    }
    $keys = [];
    foreach ($f[3] === '' ? [] : explode(',', $f[3]) as $entry) {
        $parts = explode(':', $entry);
        [$kid, $secret] = count($parts) === 2 ? [unhex($parts[0]), unhex($parts[1])] : [false, false];
        if ($kid === false || $secret === false) {
            return "unsupported\tbad key field";
        }
        $keys[] = $parts[0] === '' ? $secret : [$kid, $secret];
    }
    $token = unhex($f[4]);
    $required = json_decode((string) unhex($f[8]), true);
    if ($token === false || !is_array($required)) {
        return "unsupported\tbad field";
    }
    $maxLifetime = $f[7] === '-' ? null : (int) $f[7];
    $verifier = new TokenVerifier($keys, $f[2], (int) $f[6], $maxLifetime, $required);
    $claims = $verifier->verify($token, (int) $f[5]);
    // The claims are an object: PHP's empty array would be written [].
    $json = $claims === [] ? '{}' : json_encode($claims, Token::JSON_FLAGS);
    return "claims\t" . bin2hex($json);
}

/**
 * token_sign id text|hex secret_hex claims_hex now expires_in|- kid_hex|-
 * The claims are parsed by json_decode() into the PHP array that Token::sign() takes.
 */
function token_sign(array $f): string
{
    if (count($f) !== 8) {
        return "unsupported\tmalformed request";
    }
    [$secret, $claimsJson] = [unhex($f[3]), unhex($f[4])];
    $kid = $f[7] === '-' ? null : unhex($f[7]);
    if ($secret === false || $claimsJson === false || $kid === false) {
        return "unsupported\tbad hex field";
    }
    try {
        $claims = json_decode($claimsJson, true, 512, JSON_THROW_ON_ERROR);
    } catch (\JsonException) {
        $claims = null;
    }
    // JSON that is no PHP array (a scalar, or text json_decode refuses)
    // cannot be a host map: it goes to the library as text, which refuses it.
    $token = Token::sign($secret, is_array($claims) ? $claims : $claimsJson,
        $f[6] === '-' ? null : (int) $f[6], $kid, (int) $f[5], $f[2]);
    return "token\t$token";
}

while (($line = fgets(STDIN)) !== false) {
    $line = rtrim($line, "\r\n");
    if ($line === '') {
        continue;
    }
    $fields = explode("\t", $line);
    $id = $fields[1] ?? '?';
    if ($fields[0] === 'token_verify' || $fields[0] === 'token_sign') {
        try {
            $answer = $fields[0] === 'token_verify' ? token_verify($fields) : token_sign($fields);
        } catch (IdentityHmacException $e) {
            $answer = "error\t{$e->getErrorCode()}";
        }
        echo "$id\t$answer\n";
        continue;
    }
    $args = [];
    foreach (array_slice($fields, 3) as $field) {
        $raw = unhex($field);
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
