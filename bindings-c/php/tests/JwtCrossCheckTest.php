<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use FFI;
use FFI\CData;
use IdentityHmac\SecretEncoding;
use IdentityHmac\Token;
use IdentityHmac\TokenException;
use IdentityHmac\TokenVerifier;
use PHPUnit\Framework\TestCase;

/**
 * The token cross-check, against JWT implementations that are not ours
 * (firebase/php-jwt, PHP's most used JWT library, is neither packaged by
 * Debian nor installable without Packagist):
 *
 * - libjwt 1.10 (Debian's libjwt0, C, OpenSSL), called through PHP FFI. Its
 *   jwt_decode() accepts any alg it knows (HS384, RS256, and "none" when no
 *   key is given), so, as its documentation asks of callers, the check here
 *   also requires jwt_get_alg() to be HS256;
 * - a strict verifier and signer written here with PHP's own hash_hmac(),
 *   sodium_base642bin() (URL-safe, no padding, canonical) and json_decode().
 *
 * Both directions: each accepts every token Token::sign() makes, with equal
 * claims, and TokenVerifier accepts every token each makes; then the tokens
 * that must be refused, made by libjwt, with the codes TokenVerifier gives.
 * IDENTITY_HMAC_REQUIRE_LIBJWT=1 (test.sh) turns a missing libjwt into a failure.
 */
final class JwtCrossCheckTest extends TestCase
{
    private const NOW = 1_700_000_000;
    private const JWT_ALG_NONE = 0;
    private const JWT_ALG_HS256 = 1;
    private const JWT_ALG_HS384 = 2;
    private const JWT_ALG_RS256 = 4;

    private static ?FFI $libjwt = null;

    private static function libjwt(): FFI
    {
        if (self::$libjwt === null) {
            try {
                self::$libjwt = FFI::cdef(<<<'C'
                    typedef struct jwt jwt_t;
                    int jwt_new(jwt_t **jwt);
                    void jwt_free(jwt_t *jwt);
                    int jwt_decode(jwt_t **jwt, const char *token, const char *key, int key_len);
                    int jwt_get_alg(jwt_t *jwt);
                    int jwt_set_alg(jwt_t *jwt, int alg, const char *key, int len);
                    char *jwt_get_grants_json(jwt_t *jwt, const char *grant);
                    const char *jwt_get_header(jwt_t *jwt, const char *header);
                    int jwt_add_header(jwt_t *jwt, const char *header, const char *val);
                    int jwt_add_grants_json(jwt_t *jwt, const char *json);
                    char *jwt_encode_str(jwt_t *jwt);
                    void free(void *ptr);
                    C, 'libjwt.so.0');
            } catch (FFI\Exception $e) {
                if (getenv('IDENTITY_HMAC_REQUIRE_LIBJWT') === '1') {
                    throw $e;
                }
                self::markTestSkipped('libjwt.so.0 (Debian: libjwt0) is not installed');
            }
        }
        return self::$libjwt;
    }

    /** A malloc'd C string of libjwt, as a PHP string; freed. */
    private static function take(?CData $text): string
    {
        if ($text === null) {
            throw new \RuntimeException('libjwt returned NULL');
        }
        try {
            return FFI::string($text);
        } finally {
            self::libjwt()->free($text);
        }
    }

    /**
     * libjwt's verdict: the header's kid and the claims of a token it
     * verifies under $key with alg HS256, or null when it refuses it.
     *
     * @return ?array{?string, array<string, mixed>}
     */
    private static function libjwtVerify(string $token, string $key): ?array
    {
        $ffi = self::libjwt();
        $jwt = $ffi->new('jwt_t*');
        if ($ffi->jwt_decode(FFI::addr($jwt), $token, $key, strlen($key)) !== 0) {
            return null;
        }
        try {
            if ($ffi->jwt_get_alg($jwt) !== self::JWT_ALG_HS256) {
                return null;
            }
            $claims = json_decode(self::take($ffi->jwt_get_grants_json($jwt, null)), true, 512, JSON_THROW_ON_ERROR);
            return [$ffi->jwt_get_header($jwt, 'kid'), $claims];
        } finally {
            $ffi->jwt_free($jwt);
        }
    }

    /** A token libjwt signs: $alg under $key, the claims as JSON text, the kid in its header. */
    private static function libjwtSign(int $alg, ?string $key, string $claimsJson, ?string $kid = null): string
    {
        $ffi = self::libjwt();
        $jwt = $ffi->new('jwt_t*');
        self::assertSame(0, $ffi->jwt_new(FFI::addr($jwt)));
        try {
            self::assertSame(0, $ffi->jwt_add_grants_json($jwt, $claimsJson));
            if ($kid !== null) {
                self::assertSame(0, $ffi->jwt_add_header($jwt, 'kid', $kid));
            }
            self::assertSame(0, $ffi->jwt_set_alg($jwt, $alg, $key, $key === null ? 0 : strlen($key)));
            return self::take($ffi->jwt_encode_str($jwt));
        } finally {
            $ffi->jwt_free($jwt);
        }
    }

    private static function b64(string $bytes): string
    {
        return sodium_bin2base64($bytes, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING);
    }

    /**
     * The strict verifier written with PHP's own functions: exactly three
     * canonical base64url segments, a header object whose alg is exactly
     * HS256, the HMAC compared with hash_equals(), claims one JSON object.
     *
     * @return ?array{?string, array<string, mixed>}
     */
    private static function phpVerify(string $token, string $key): ?array
    {
        $parts = explode('.', $token);
        if (count($parts) !== 3) {
            return null;
        }
        try {
            [$header, $claims, $signature] = array_map(
                static fn (string $part): string => sodium_base642bin($part, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING), $parts);
            $header = json_decode($header, false, 16, JSON_THROW_ON_ERROR);
            $claims = json_decode($claims, true, 512, JSON_THROW_ON_ERROR);
        } catch (\SodiumException | \JsonException) {
            return null;
        }
        if (!$header instanceof \stdClass || ($header->alg ?? null) !== 'HS256' || !is_array($claims) || ($claims !== [] && array_is_list($claims))) {
            return null;
        }
        if (!hash_equals(hash_hmac('sha256', "$parts[0].$parts[1]", $key, true), $signature)) {
            return null;
        }
        return [$header->kid ?? null, $claims];
    }

    /** A token signed with PHP's own functions. */
    private static function phpSign(string $key, string $claimsJson, ?string $kid = null): string
    {
        $header = ['alg' => 'HS256', 'typ' => 'JWT'] + ($kid === null ? [] : ['kid' => $kid]);
        $input = self::b64(json_encode($header)) . '.' . self::b64($claimsJson);
        return $input . '.' . self::b64(hash_hmac('sha256', $input, $key, true));
    }

    /** @return array<string, array{string, SecretEncoding, string, ?string, array<string, mixed>}> secret, encoding, key bytes, kid, claims */
    public static function cases(): array
    {
        $key131 = implode('', array_map(static fn (int $i): string => chr(($i * 37 + 11) % 256), range(0, 130)));
        return [
            'text secret, no kid' => ['messenger-secret', SecretEncoding::Text, 'messenger-secret', null, ['user_id' => '42', 'email' => 'a@example.com']],
            'text secret, kid' => ['zendesk-secret', SecretEncoding::Text, 'zendesk-secret', 'app_64f0c2d1', ['external_id' => 'u-1', 'scope' => 'user', 'name' => 'Ada']],
            'hex secret' => [bin2hex("\x00\x01\xfe\xffsecret"), SecretEncoding::Hex, "\x00\x01\xfe\xffsecret", null, ['sub' => 's']],
            'non-ASCII claims' => ['k', SecretEncoding::Text, 'k', 'clé', ['name' => 'Zoë Ünïcødé 名前 😀', 'email' => "a\"b\u{2028}c@example.com", 'html' => '</script>&']],
            'a 131-byte key' => [bin2hex($key131), SecretEncoding::Hex, $key131, null, ['user_id' => '9007199254740993', 'n' => 9007199254740993, 'nested' => ['a' => [1, 2, true, null]]]],
        ];
    }

    /** @dataProvider cases */
    public function testTheyAcceptEveryTokenWeSign(string $secret, SecretEncoding $encoding, string $key, ?string $kid, array $claims): void
    {
        self::libjwt();
        $token = Token::sign($secret, $claims, expiresIn: 3600, keyId: $kid, now: self::NOW, encoding: $encoding);
        $expected = $claims + ['iat' => self::NOW, 'exp' => self::NOW + 3600];
        ksort($expected);
        foreach (['libjwt' => self::libjwtVerify(...), 'hash_hmac' => self::phpVerify(...)] as $name => $verify) {
            $verdict = $verify($token, $key);
            $this->assertNotNull($verdict, "$name refuses our token");
            [$theirKid, $theirClaims] = $verdict;
            ksort($theirClaims);
            $this->assertSame([$kid, $expected], [$theirKid, $theirClaims], $name);
            // And they can say no: the same token under another key.
            $this->assertNull($verify($token, $key . 'x'), "$name accepts our token under another key");
        }
    }

    /** @dataProvider cases */
    public function testWeAcceptEveryTokenTheySign(string $secret, SecretEncoding $encoding, string $key, ?string $kid, array $claims): void
    {
        self::libjwt();
        $json = json_encode($claims + ['iat' => self::NOW], Token::JSON_FLAGS);
        $verifier = new TokenVerifier([$kid === null ? $secret : [$kid, $secret]], $encoding);
        $expected = json_decode($json, true);
        ksort($expected);
        foreach (['libjwt' => self::libjwtSign(self::JWT_ALG_HS256, $key, $json, $kid), 'hash_hmac' => self::phpSign($key, $json, $kid)] as $name => $token) {
            $claims = $verifier->verify($token, self::NOW);
            ksort($claims); // libjwt writes the claims in its own order
            $this->assertSame($expected, $claims, $name);
            $this->assertNotNull(self::phpVerify($token, $key), "$name's token is not a valid HS256 JWT");
        }
    }

    /** @return array<string, array{callable(): string, string}> tokens libjwt makes that TokenVerifier must refuse, and the code */
    public static function refused(): array
    {
        $claims = '{"iat":1700000000,"user_id":"42"}';
        return [
            'alg none' => [static fn () => self::libjwtSign(self::JWT_ALG_NONE, null, $claims), 'UNSUPPORTED_ALGORITHM'],
            'HS384 under the same key' => [static fn () => self::libjwtSign(self::JWT_ALG_HS384, 'k', $claims), 'UNSUPPORTED_ALGORITHM'],
            'RS256' => [static function () use ($claims): string {
                $rsa = openssl_pkey_new(['private_key_bits' => 2048, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
                self::assertNotFalse($rsa);
                self::assertTrue(openssl_pkey_export($rsa, $pem));
                return self::libjwtSign(self::JWT_ALG_RS256, $pem, $claims);
            }, 'UNSUPPORTED_ALGORITHM'],
            'tampered payload' => [static function () use ($claims): string {
                [$header, , $signature] = explode('.', self::libjwtSign(self::JWT_ALG_HS256, 'k', $claims));
                return $header . '.' . self::b64('{"iat":1700000000,"user_id":"1"}') . '.' . $signature;
            }, 'BAD_SIGNATURE'],
            'wrong key' => [static fn () => self::libjwtSign(self::JWT_ALG_HS256, 'not-k', $claims), 'BAD_SIGNATURE'],
            'unknown kid' => [static fn () => self::libjwtSign(self::JWT_ALG_HS256, 'k', $claims, 'old-key'), 'UNKNOWN_KEY_ID'],
        ];
    }

    /** @dataProvider refused */
    public function testWeRefuseWhatMustBeRefused(callable $token, string $code): void
    {
        self::libjwt();
        $verifier = new TokenVerifier([['new-key', 'k']]);
        $text = $token();
        try {
            $verifier->verify($text, self::NOW);
            $this->fail("accepted ($code expected)");
        } catch (TokenException $e) {
            $this->assertSame($code, $e->getErrorCode());
        }
        if ($code !== 'UNKNOWN_KEY_ID') { // it has one key, and no key ids
            $this->assertNull(self::phpVerify($text, 'k'), 'the strict PHP verifier accepts it');
        }
    }
}
