<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\IdentityHmacException;
use IdentityHmac\Signer;
use IdentityHmac\Verifier;
use PHPUnit\Framework\TestCase;

/**
 * The shared bad-input matrix (conformance/bad_inputs.json), read in place.
 * A case without an expectation for PHP cannot be expressed in PHP and is
 * skipped with the reason, so PHPUnit counts it.
 */
final class BadInputsTest extends TestCase
{
    /** @return array<string, array{array}> */
    public static function cases(): array
    {
        $path = getenv('IDENTITY_HMAC_BAD_INPUTS') ?: dirname(__DIR__, 3) . '/conformance/bad_inputs.json';
        $data = json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
        $cases = [];
        foreach ($data['cases'] as $case) {
            $cases[$case['id']] = [$case];
        }
        return $cases;
    }

    /** The expectation for PHP, or null when PHP cannot express the input. */
    private static function expectationFor(array $expect): ?array
    {
        if (!array_key_exists('by_language', $expect)) {
            return $expect;
        }
        return $expect['by_language']['php'] ?? $expect['by_language']['default'] ?? null;
    }

    /** The PHP value of an input; null in $unsupported when PHP has no such value. */
    private static function hostValue(array $input, ?string &$unsupported): mixed
    {
        $unsupported = null;
        return match (true) {
            array_key_exists('bytes', $input) => Corpus::bytes($input['bytes']),
            array_key_exists('repeat', $input) => str_repeat((string) hex2bin($input['repeat']['pattern_hex']), $input['repeat']['count']),
            array_key_exists('null', $input) => null,
            array_key_exists('float', $input) => match ($input['float']) {
                'NaN' => NAN,
                'Infinity' => INF,
                '-Infinity' => -INF,
                default => (float) $input['float'],
            },
            array_key_exists('bool', $input) => (bool) $input['bool'],
            // A JSON object becomes a PHP object, a JSON array a PHP array.
            array_key_exists('json', $input) => json_decode(json_encode($input['json'], JSON_THROW_ON_ERROR), false, 512, JSON_THROW_ON_ERROR),
            array_key_exists('integer', $input) => self::integer($input['integer']),
            default => $unsupported = 'no PHP value for input ' . json_encode($input),
        };
    }

    private static function integer(int|string $value): int
    {
        $int = filter_var($value, FILTER_VALIDATE_INT);
        if ($int === false) {
            throw new \UnexpectedValueException("integer $value does not fit a PHP int");
        }
        return $int;
    }

    private function assertNoSecretIn(string $message, string $secret, string $id): void
    {
        if (strlen($secret) < 8) {
            if (strlen($secret) >= 4) {
                $this->assertStringNotContainsString($secret, $message, "$id: the message contains the secret");
            }
            return;
        }
        for ($i = 0; $i + 8 <= strlen($secret); $i++) {
            $this->assertStringNotContainsString(substr($secret, $i, 8), $message, "$id: the message contains part of the secret");
        }
    }

    /** Runs $action and asserts it throws the error code, without leaking any secret. */
    private function assertErrorCode(callable $action, string $code, array $secrets, string $id): void
    {
        try {
            $action();
            $this->fail("$id: expected $code");
        } catch (IdentityHmacException $e) {
            $this->assertSame($code, $e->getErrorCode(), $id);
            foreach ($secrets as $secret) {
                $this->assertNoSecretIn($e->getMessage(), $secret, $id);
            }
        }
    }

    private function assertTypeError(callable $action, array $secrets, string $id): void
    {
        try {
            $action();
            $this->fail("$id: expected a TypeError");
        } catch (\TypeError $e) {
            $this->addToAssertionCount(1);
            foreach ($secrets as $secret) {
                $this->assertNoSecretIn($e->getMessage(), $secret, $id);
            }
        }
    }

    /** @dataProvider cases */
    public function testBadInput(array $case): void
    {
        $id = $case['id'];
        $want = self::expectationFor($case['expect']);
        if ($want === null) {
            $this->markTestSkipped("$id: no expectation for php (the input cannot be expressed in PHP)");
        }
        $encoding = $case['secret_encoding'];
        $input = $case['input'];

        if ($case['about'] === 'verifier') {
            $secrets = array_map([Corpus::class, 'bytes'], $input['secrets']);
            if (isset($want['error'])) {
                $this->assertErrorCode(fn () => Verifier::create($secrets, $encoding), $want['error'], $secrets, $id);
                return;
            }
            $verifier = Verifier::create($secrets, $encoding);
            $identifier = Corpus::bytes($case['identifier']);
            $presented = Corpus::bytes($input['presented']);
            if (array_key_exists('matching_key', $want)) {
                $this->assertSame($want['matching_key'], $verifier->matchingKey($identifier, $presented), $id);
                $this->assertTrue($verifier->verify($identifier, $presented), $id);
            } else {
                $this->assertSame($want['verify'], $verifier->verify($identifier, $presented), $id);
                $this->assertNull($verifier->matchingKey($identifier, $presented), $id);
            }
            return;
        }

        if (($input['corpus_group'] ?? null) === 'invalid_secrets') {
            $vectors = Corpus::group('invalid_secrets');
            $this->assertNotEmpty($vectors);
            foreach ($vectors as [$vector]) {
                $secret = Corpus::bytes($vector['secret']);
                $this->assertErrorCode(fn () => Signer::create($secret, $vector['secret_encoding']), $vector['expected_code'], [$secret], "$id/{$vector['id']}");
            }
            return;
        }

        $value = self::hostValue($input, $unsupported);
        if ($unsupported !== null) {
            $this->markTestSkipped("$id: $unsupported");
        }
        $knownSecret = isset($case['secret']) ? Corpus::bytes($case['secret']) : null;
        $secrets = array_values(array_filter([is_string($value) && $case['about'] === 'secret' ? $value : null, $knownSecret], 'is_string'));

        $call = match ($case['about']) {
            'secret' => fn () => Signer::create($value, $encoding)->sign(Corpus::bytes($case['identifier'])),
            'identifier' => fn () => Signer::create($knownSecret, $encoding)->sign($value),
            'presented_hash' => fn () => Signer::create($knownSecret, $encoding)->verify(Corpus::bytes($case['identifier']), $value),
        };
        if (isset($want['type_error'])) {
            $this->assertTypeError($call, $secrets, $id);
        } elseif (isset($want['error'])) {
            $this->assertErrorCode($call, $want['error'], $secrets, $id);
        } elseif (isset($want['hash'])) {
            $this->assertSame($want['hash'], $call(), $id);
        } elseif (array_key_exists('verify', $want)) {
            $this->assertSame($want['verify'], $call(), $id);
        } else {
            $this->fail("$id: unhandled expectation " . json_encode($want));
        }
    }
}
