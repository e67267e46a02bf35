<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\ClosedException;
use IdentityHmac\IdentityHmacException;
use IdentityHmac\InvalidSecretException;
use IdentityHmac\Library;
use IdentityHmac\SecretEncoding;
use IdentityHmac\Token;
use IdentityHmac\TokenException;
use IdentityHmac\TokenVerifier;
use PHPUnit\Framework\TestCase;

/** Token::sign() and TokenVerifier: every token code, and PHP values that are not JSON. */
final class TokenTest extends TestCase
{
    private const NOW = 1_700_000_000;

    private static function b64(string $bytes): string
    {
        return sodium_bin2base64($bytes, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING);
    }

    /** A token built here, with PHP's own hash_hmac: any header, any payload text. */
    private static function handMade(array|string $header, string $payload, string $key = 'k'): string
    {
        $input = self::b64(is_string($header) ? $header : json_encode($header)) . '.' . self::b64($payload);
        return $input . '.' . self::b64(hash_hmac('sha256', $input, $key, true));
    }

    public function testSignedTokensVerifyWithTheirClaims(): void
    {
        $token = Token::sign('k', ['user_id' => '42', 'name' => 'Zoë/</script>', 'n' => 1.5, 'list' => [1, 2], 'empty' => []],
            expiresIn: 600, keyId: 'key-1', now: self::NOW);
        [$header, $payload] = explode('.', $token);
        $this->assertSame('{"alg":"HS256","kid":"key-1","typ":"JWT"}', sodium_base642bin($header, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING));
        // json_encode's text (unescaped slashes and Unicode), re-serialized by the library with sorted names.
        $this->assertSame('{"empty":[],"exp":1700000600,"iat":1700000000,"list":[1,2],"n":1.5,"name":"Zoë/</script>","user_id":"42"}',
            sodium_base642bin($payload, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING));
        $claims = (new TokenVerifier([['key-1', 'k']]))->verify($token, self::NOW + 10);
        $this->assertSame(['empty' => [], 'exp' => 1_700_000_600, 'iat' => self::NOW, 'list' => [1, 2], 'n' => 1.5, 'name' => 'Zoë/</script>', 'user_id' => '42'], $claims);
    }

    public function testJsonTextIsSignedAsItIs(): void
    {
        $token = Token::sign('k', '{"sub": "a", "nested": {}}', now: self::NOW);
        $this->assertSame(['iat' => self::NOW, 'nested' => [], 'sub' => 'a'], (new TokenVerifier(['k']))->verify($token, self::NOW));
        $this->assertSame('{"iat":1700000000,"nested":{},"sub":"a"}',
            sodium_base642bin(explode('.', $token)[1], SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING), 'a nested {} stays an object');
    }

    public function testAnEmptyArrayIsTheEmptyClaimsObject(): void
    {
        // PHP has one empty array for [] and {}: as the claims it can only mean no claims.
        $token = Token::sign('k', [], now: self::NOW);
        $this->assertSame('{"iat":1700000000}', sodium_base642bin(explode('.', $token)[1], SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING));
        $this->assertSame(['iat' => self::NOW], (new TokenVerifier(['k']))->verify($token, self::NOW));
        // JSON text is the caller's: "[]" is an array, which is refused.
        $this->assertClaimsError(static fn () => Token::sign('k', '[]'), null, 'not a JSON object');
    }

    public function testAListIsNotAClaimsObject(): void
    {
        $this->assertClaimsError(static fn () => Token::sign('k', ['a', 'b']), null, 'not a JSON object');
    }

    public function testTheHexEncodingAndTheSystemClock(): void
    {
        $before = time();
        $token = Token::sign(bin2hex("\x00\xffkey"), ['sub' => 's'], encoding: SecretEncoding::Hex);
        $claims = (new TokenVerifier(["\x00\xffkey"]))->verify($token);
        $this->assertGreaterThanOrEqual($before, $claims['iat']);
        $this->assertLessThanOrEqual(time(), $claims['iat']);
        $this->assertSame($claims, (new TokenVerifier([bin2hex("\x00\xffkey")], 'hex'))->verify($token));
    }

    /** @return array<string, array{mixed}> */
    public static function notEncodable(): array
    {
        return ['NAN' => [NAN], 'INF' => [INF], '-INF' => [-INF], 'invalid UTF-8' => ["\xff\xfe"], 'a resource' => [STDERR],
            'deeper than json_encode goes' => [array_reduce(range(1, 600), static fn (mixed $carry): array => [$carry], 1)]];
    }

    /** @dataProvider notEncodable */
    public function testValuesJsonEncodeRefusesAreInvalidClaims(mixed $value): void
    {
        $error = $this->assertClaimsError(static fn () => Token::sign('k', ['user_id' => 'u', 'value' => $value]), null, 'not encodable as JSON by the host');
        $this->assertSame('INVALID_CLAIMS: invalid claims: not encodable as JSON by the host', $error->getMessage());
        $this->assertNull($error->getPrevious(), "json_encode's message is not kept: it may quote a value");
    }

    /** @return array<string, array{array<string, mixed>|string, ?string, string}> */
    public static function refusedClaims(): array
    {
        return [
            'exp a string' => [['exp' => '1700000000'], 'exp', 'not an integer'],
            'iat a float' => [['iat' => 1.5], 'iat', 'not an integer'],
            'nbf a bool' => [['nbf' => true], 'nbf', 'not an integer'],
            'exp and expiresIn' => [['exp' => 5], 'exp', 'given twice (a claim and expires_in)'],
            'not JSON' => ['{"a":', null, 'not JSON'],
            'duplicate claim' => ['{"a":1,"a":2}', null, 'duplicate claim'],
            'too deep' => [str_repeat('{"a":', 200) . '1' . str_repeat('}', 200), null, 'nested too deeply'],
        ];
    }

    /** @dataProvider refusedClaims */
    public function testTheLibraryRefusesClaims(array|string $claims, ?string $claim, string $reason): void
    {
        $this->assertClaimsError(static fn () => Token::sign('k', $claims, expiresIn: $claim === 'exp' && $reason !== 'not an integer' ? 60 : null), $claim, $reason);
    }

    private function assertClaimsError(callable $call, ?string $claim, string $reason): TokenException
    {
        try {
            $call();
        } catch (TokenException $e) {
            $this->assertSame(['INVALID_CLAIMS', $claim, $reason, Library::ffi()->IDENTITY_HMAC_INVALID_CLAIMS],
                [$e->getErrorCode(), $e->getClaim(), $e->getReason(), $e->getCode()]);
            $this->assertInstanceOf(IdentityHmacException::class, $e);
            return $e;
        }
        $this->fail('expected INVALID_CLAIMS');
    }

    /** @return array<string, array{callable(): string, string, ?string}> a token, the code verify() must throw, and the claim it names */
    public static function refusedTokens(): array
    {
        $header = ['alg' => 'HS256', 'typ' => 'JWT'];
        $claims = '{"sub":"s","iat":1700000000}';
        $valid = static fn () => Token::sign('k', ['sub' => 's'], now: self::NOW);
        return [
            'two segments' => [static fn () => implode('.', array_slice(explode('.', $valid()), 0, 2)), 'MALFORMED_TOKEN', null],
            'four segments' => [static fn () => $valid() . '.x', 'MALFORMED_TOKEN', null],
            'padding' => [static fn () => self::handMade($header, '{"sub":"s","iat":1700000000} ') . '=', 'MALFORMED_TOKEN', null],
            'header not JSON' => [static fn () => self::handMade('{alg', $claims), 'MALFORMED_TOKEN', null],
            'header not an object' => [static fn () => self::handMade('["HS256"]', $claims), 'MALFORMED_TOKEN', null],
            'claims not JSON' => [static fn () => self::handMade($header, 'nope'), 'MALFORMED_TOKEN', null],
            'alg none' => [static fn () => self::b64('{"alg":"none","typ":"JWT"}') . '.' . self::b64($claims) . '.', 'UNSUPPORTED_ALGORITHM', null],
            'RS256' => [static fn () => self::handMade(['alg' => 'RS256', 'typ' => 'JWT'], $claims), 'UNSUPPORTED_ALGORITHM', null],
            'HS384' => [static fn () => self::handMade(['alg' => 'HS384', 'typ' => 'JWT'], $claims), 'UNSUPPORTED_ALGORITHM', null],
            'no alg' => [static fn () => self::handMade(['typ' => 'JWT'], $claims), 'UNSUPPORTED_ALGORITHM', null],
            'unknown kid' => [static fn () => Token::sign('k', ['sub' => 's'], keyId: 'other', now: self::NOW), 'UNKNOWN_KEY_ID', null],
            'wrong key' => [static fn () => Token::sign('not-k', ['sub' => 's'], now: self::NOW), 'BAD_SIGNATURE', null],
            'tampered payload' => [static function (): string {
                [$h, , $s] = explode('.', Token::sign('k', ['sub' => 's'], now: self::NOW));
                return "$h." . self::b64('{"iat":1700000000,"sub":"admin"}') . ".$s";
            }, 'BAD_SIGNATURE', null],
            'expired' => [static fn () => Token::sign('k', ['sub' => 's'], expiresIn: 60, now: self::NOW - 1000), 'TOKEN_EXPIRED', null],
            'not yet valid' => [static fn () => Token::sign('k', ['sub' => 's', 'nbf' => self::NOW + 1000], now: self::NOW), 'TOKEN_NOT_YET_VALID', null],
            'issued in the future' => [static fn () => Token::sign('k', ['sub' => 's'], now: self::NOW + 1000), 'TOKEN_NOT_YET_VALID', null],
            'lifetime too long' => [static fn () => Token::sign('k', ['sub' => 's'], expiresIn: 86_400 * 2, now: self::NOW), 'LIFETIME_TOO_LONG', null],
            'missing claim' => [static fn () => Token::sign('k', ['sub' => 's', 'email' => 'e'], now: self::NOW), 'MISSING_CLAIM', 'user_id'],
            'exp not an integer' => [static fn () => self::handMade($header, '{"sub":"s","user_id":"u","exp":"soon"}'), 'INVALID_CLAIMS', 'exp'],
        ];
    }

    /** @dataProvider refusedTokens */
    public function testEveryTokenCode(callable $token, string $code, ?string $claim): void
    {
        $verifier = new TokenVerifier(['k', ['kid-1', 'k']], maxLifetime: 86_400, requiredClaims: $code === 'MISSING_CLAIM' || $code === 'INVALID_CLAIMS' ? ['user_id'] : []);
        $text = $token();
        try {
            $verifier->verify($text, self::NOW);
            $this->fail("expected $code");
        } catch (TokenException $e) {
            $this->assertSame([$code, $claim], [$e->getErrorCode(), $e->getClaim()]);
            $this->assertSame(Library::ffi()->{"IDENTITY_HMAC_$code"}, $e->getCode());
            $this->assertStringStartsWith("$code: ", $e->getMessage());
            $this->assertStringNotContainsString($text, $e->getMessage());
        }
    }

    public function testTheLeewayAndTheClock(): void
    {
        $token = Token::sign('k', ['sub' => 's'], expiresIn: 60, now: self::NOW);
        $this->assertSame('s', (new TokenVerifier(['k']))->verify($token, self::NOW + 60 + 59)['sub'], 'the default leeway is 60 s');
        try {
            (new TokenVerifier(['k'], leeway: 0))->verify($token, self::NOW + 60);
            $this->fail('accepted');
        } catch (TokenException $e) {
            $this->assertSame('TOKEN_EXPIRED', $e->getErrorCode());
        }
    }

    public function testKeysAreTriedNewestFirstAndByKid(): void
    {
        $verifier = new TokenVerifier([['new', 'k-new'], 'k-old']);
        $this->assertSame('a', $verifier->verify(Token::sign('k-old', ['sub' => 'a'], now: self::NOW), self::NOW)['sub']);
        $this->assertSame('b', $verifier->verify(Token::sign('k-new', ['sub' => 'b'], keyId: 'new', now: self::NOW), self::NOW)['sub']);
        $this->expectException(TokenException::class);
        $verifier->verify(Token::sign('k-old', ['sub' => 'c'], keyId: 'new', now: self::NOW), self::NOW); // kid picks k-new: BAD_SIGNATURE
    }

    /** @return array<string, array{callable(): mixed, string, string}> */
    public static function verifierErrors(): array
    {
        return [
            'no keys' => [static fn () => new TokenVerifier([]), IdentityHmacException::class, 'NO_SECRETS'],
            'too many keys' => [static fn () => new TokenVerifier(array_fill(0, 17, 'k')), IdentityHmacException::class, 'TOO_MANY_SECRETS'],
            'an empty key' => [static fn () => new TokenVerifier(['k', ['kid', '']]), InvalidSecretException::class, 'EMPTY_SECRET'],
            'bad hex' => [static fn () => new TokenVerifier(['abcz'], SecretEncoding::Hex), InvalidSecretException::class, 'INVALID_HEX_SECRET'],
            'unknown encoding' => [static fn () => new TokenVerifier(['k'], 'base64'), IdentityHmacException::class, 'UNKNOWN_SECRET_ENCODING'],
            'sign: empty secret' => [static fn () => Token::sign('', ['sub' => 's']), InvalidSecretException::class, 'EMPTY_SECRET'],
            'sign: unknown encoding' => [static fn () => Token::sign('k', ['sub' => 's'], encoding: 'HEX'), IdentityHmacException::class, 'UNKNOWN_SECRET_ENCODING'],
        ];
    }

    /** @dataProvider verifierErrors */
    public function testKeyErrors(callable $call, string $class, string $code): void
    {
        try {
            $call();
            $this->fail("expected $code");
        } catch (IdentityHmacException $e) {
            $this->assertSame([$class, $code], [get_class($e), $e->getErrorCode()]);
        }
    }

    public function testTheSecretIndexOfARefusedKey(): void
    {
        try {
            new TokenVerifier(['k', ['kid', ''], 'k2']);
            $this->fail('accepted');
        } catch (InvalidSecretException $e) {
            $this->assertSame(1, $e->getSecretIndex());
        }
    }

    /** @return array<string, array{mixed}> */
    public static function wrongKeys(): array
    {
        return ['int' => [[42]], 'null' => [[null]], 'one-element pair' => [[['kid']]], 'three-element pair' => [[['kid', 'k', 'x']]],
            'int key id' => [[[1, 'k']]], 'map' => [['kid' => 'k']], 'pair as a map' => [[['id' => 'kid', 'secret' => 'k']]]];
    }

    /** @dataProvider wrongKeys */
    public function testWrongKeyTypesAreTypeErrors(array $keys): void
    {
        $this->expectException(\TypeError::class);
        new TokenVerifier($keys);
    }

    public function testNegativeDurationsAreValueErrors(): void
    {
        foreach ([static fn () => new TokenVerifier(['k'], leeway: -1), static fn () => new TokenVerifier(['k'], maxLifetime: -1),
            static fn () => Token::sign('k', [], expiresIn: -5)] as $call) {
            try {
                $call();
                $this->fail('expected a ValueError');
            } catch (\ValueError) {
                $this->addToAssertionCount(1);
            }
        }
    }

    public function testRequiredClaimsMustBeAListOfStrings(): void
    {
        foreach ([['a' => 'user_id'], [42]] as $required) {
            try {
                new TokenVerifier(['k'], requiredClaims: $required);
                $this->fail('expected a TypeError');
            } catch (\TypeError) {
                $this->addToAssertionCount(1);
            }
        }
    }

    public function testAClosedVerifierRefusesCalls(): void
    {
        $verifier = new TokenVerifier(['k']);
        $token = Token::sign('k', ['sub' => 's'], now: self::NOW);
        $this->assertSame('s', $verifier->verify($token, self::NOW)['sub']);
        $verifier->close();
        $verifier->close();
        $this->expectException(ClosedException::class);
        $this->expectExceptionMessage('this TokenVerifier is closed');
        $verifier->verify($token, self::NOW);
    }

    public function testADestructedVerifierRefusesCalls(): void
    {
        $verifier = new TokenVerifier(['k']);
        $verifier->__destruct();
        $this->expectException(ClosedException::class);
        $verifier->verify('a.b.c');
    }

    public function testVerifiersCannotBeCloned(): void
    {
        $this->expectException(\Error::class);
        $copy = clone new TokenVerifier(['k']);
    }

    public function testLargeClaimsGrowTheBuffer(): void
    {
        $big = str_repeat('é', 20_000); // 40 000 bytes: past the first 4 KiB buffer
        $token = Token::sign('k', ['sub' => $big], now: self::NOW);
        $this->assertSame($big, (new TokenVerifier(['k']))->verify($token, self::NOW)['sub']);
    }
}
