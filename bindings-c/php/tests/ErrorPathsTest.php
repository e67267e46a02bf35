<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\IdentityHmac;
use IdentityHmac\IdentityHmacException;
use IdentityHmac\InvalidSecretException;
use IdentityHmac\SecretEncoding;
use IdentityHmac\Signer;
use IdentityHmac\Verifier;
use PHPUnit\Framework\TestCase;

final class ErrorPathsTest extends TestCase
{
    /** @return array<string, array{callable(): mixed, class-string, string, string}> */
    public function failures(): array
    {
        $tooMany = array_fill(0, 17, 's3cr3t-token-value');
        return [
            'empty text' => [fn () => Signer::fromText(''), InvalidSecretException::class, 'EMPTY_SECRET', ''],
            'empty hex' => [fn () => Signer::fromHex(''), InvalidSecretException::class, 'EMPTY_SECRET', ''],
            'odd hex' => [fn () => Signer::fromHex('deadbeef0'), InvalidSecretException::class, 'INVALID_HEX_SECRET', 'deadbeef0'],
            '0x prefix' => [fn () => Signer::fromHex('0xdeadbeef'), InvalidSecretException::class, 'INVALID_HEX_SECRET', '0xdeadbeef'],
            'white space' => [fn () => Signer::fromHex("deadbeef\n"), InvalidSecretException::class, 'INVALID_HEX_SECRET', 'deadbeef'],
            'unknown encoding' => [fn () => Signer::create('s3cr3t-token', 'base64'), IdentityHmacException::class, 'UNKNOWN_SECRET_ENCODING', 's3cr3t-token'],
            'no secrets' => [fn () => Verifier::fromText([]), IdentityHmacException::class, 'NO_SECRETS', ''],
            'too many secrets' => [fn () => Verifier::fromText($tooMany), IdentityHmacException::class, 'TOO_MANY_SECRETS', 's3cr3t-token-value'],
            'bad secret in a verifier' => [fn () => Verifier::fromHex(['abcd', 'abcz-secret']), InvalidSecretException::class, 'INVALID_HEX_SECRET', 'abcz-secret'],
            'empty secret in a verifier' => [fn () => Verifier::fromText(['token', '']), InvalidSecretException::class, 'EMPTY_SECRET', ''],
            'unknown encoding in a verifier' => [fn () => Verifier::create(['s3cr3t-token'], 'HEX'), IdentityHmacException::class, 'UNKNOWN_SECRET_ENCODING', 's3cr3t-token'],
        ];
    }

    /** @dataProvider failures */
    public function testErrorPath(callable $action, string $class, string $code, string $secret): void
    {
        try {
            $action();
            $this->fail("expected $code");
        } catch (IdentityHmacException $e) {
            $this->assertInstanceOf($class, $e);
            $this->assertInstanceOf(\InvalidArgumentException::class, $e);
            $this->assertSame($code, $e->getErrorCode());
            $this->assertStringStartsWith("$code: ", $e->getMessage());
            if ($secret !== '') {
                $this->assertStringNotContainsString($secret, $e->getMessage());
            }
        }
    }

    public function testHexErrorNamesReasonAndPosition(): void
    {
        try {
            Signer::fromHex('00ff 1234deadbeef');
            $this->fail('accepted');
        } catch (InvalidSecretException $e) {
            $this->assertSame(4, $e->getPosition());
            $this->assertStringContainsString('invalid character at position 4', $e->getMessage());
            $this->assertStringNotContainsString('dead', $e->getMessage());
        }
        try {
            Signer::fromHex('abc');
            $this->fail('accepted');
        } catch (InvalidSecretException $e) {
            $this->assertSame(3, $e->getPosition());
            $this->assertStringContainsString('odd length', $e->getMessage());
        }
    }

    public function testDetailsComeFromTheLibrary(): void
    {
        try {
            Verifier::fromHex(['abcd', 'ef01', '0xc0ffee11']);
            $this->fail('accepted');
        } catch (InvalidSecretException $e) {
            $this->assertSame(['INVALID_HEX_SECRET', 'invalid character', 1, 2],
                [$e->getErrorCode(), $e->getReason(), $e->getPosition(), $e->getSecretIndex()]);
            $this->assertStringContainsString('index 2', $e->getMessage());
            $this->assertStringNotContainsString('c0ffee', $e->getMessage());
        }
        try {
            Verifier::fromText(['rotation-new', '']);
            $this->fail('accepted');
        } catch (InvalidSecretException $e) {
            $this->assertSame(['EMPTY_SECRET', 'empty', null, 1],
                [$e->getErrorCode(), $e->getReason(), $e->getPosition(), $e->getSecretIndex()]);
        }
        try {
            Signer::fromText('');
            $this->fail('accepted');
        } catch (InvalidSecretException $e) {
            $this->assertSame(['empty', null, null], [$e->getReason(), $e->getPosition(), $e->getSecretIndex()]);
        }
    }

    /** @return array<string, array{string}> */
    public function unknownEncodingNames(): array
    {
        return ['NUL and more' => ["hex\0junk"], 'upper case' => ['HEX'], 'space' => [' text'], 'empty' => [''], 'other' => ['base64']];
    }

    /** @dataProvider unknownEncodingNames */
    public function testEncodingNamesAreReadByTheLibrary(string $name): void
    {
        foreach ([fn () => Signer::create('token', $name), fn () => Verifier::create(['token'], $name)] as $call) {
            try {
                $call();
                $this->fail("accepted $name");
            } catch (IdentityHmacException $e) {
                $this->assertSame('UNKNOWN_SECRET_ENCODING', $e->getErrorCode());
                $this->assertStringContainsString('expected "text" or "hex"', $e->getMessage());
            }
        }
    }

    /** The count is refused first: nothing past the 17th secret is read, nothing decoded. */
    public function testALongListStopsAtTheSeventeenthSecret(): void
    {
        $secrets = array_fill(0, 1_000_000, '');
        $secrets[20] = 42; // past the 17th: never type-checked
        try {
            Verifier::fromText($secrets);
            $this->fail('accepted');
        } catch (IdentityHmacException $e) {
            $this->assertNotInstanceOf(InvalidSecretException::class, $e);
            $this->assertSame('TOO_MANY_SECRETS', $e->getErrorCode());
        }
        try {
            Verifier::create([], 'base64');
            $this->fail('accepted');
        } catch (IdentityHmacException $e) {
            $this->assertSame('NO_SECRETS', $e->getErrorCode(), 'the count comes before the encoding');
        }
    }

    /** @return array<string, array{mixed}> */
    public function wrongIdentifierTypes(): array
    {
        return ['null' => [null], 'float' => [1.5], 'bool' => [true], 'array' => [['a']], 'object' => [new \stdClass()]];
    }

    /** @dataProvider wrongIdentifierTypes */
    public function testWrongIdentifierTypesAreTypeErrors(mixed $identifier): void
    {
        $this->expectException(\TypeError::class);
        Signer::fromText('token')->sign($identifier);
    }

    /** @dataProvider wrongIdentifierTypes */
    public function testWrongIdentifierTypesAreTypeErrorsInVerify(mixed $identifier): void
    {
        $this->expectException(\TypeError::class);
        Signer::fromText('token')->verify($identifier, str_repeat('0', 64));
    }

    public function testMalformedHashesAreFalseNotErrors(): void
    {
        $signer = Signer::fromText('token');
        $verifier = Verifier::fromText(['token']);
        $good = $signer->sign('id');
        foreach (['', 'zz', substr($good, 1), $good . '0', " $good", str_replace($good[0], 'g', $good), "$good\0"] as $bad) {
            $this->assertFalse($signer->verify('id', $bad));
            $this->assertFalse($verifier->verify('id', $bad));
            $this->assertNull($verifier->matchingKey('id', $bad));
        }
        $this->assertTrue($signer->verify('id', strtoupper($good)));
    }

    /** @return array<string, array{mixed}> */
    public function wrongHashTypes(): array
    {
        return ['null' => [null], 'int' => [42], 'array' => [[]]];
    }

    /** @dataProvider wrongHashTypes */
    public function testWrongHashTypesAreTypeErrors(mixed $hash): void
    {
        $signer = Signer::fromText('token');
        $verifier = Verifier::fromText(['token']);
        foreach ([fn () => $signer->verify('id', $hash), fn () => $verifier->verify('id', $hash), fn () => $verifier->matchingKey('id', $hash)] as $call) {
            try {
                $call();
                $this->fail('expected a TypeError');
            } catch (\TypeError) {
                $this->addToAssertionCount(1);
            }
        }
    }

    public function testSignersCannotBeCloned(): void
    {
        $this->expectException(\Error::class);
        $copy = clone Signer::fromText('token');
    }

    public function testVerifiersCannotBeCloned(): void
    {
        $this->expectException(\Error::class);
        $copy = clone Verifier::fromText(['token']);
    }

    public function testRotationAndGeneratedSecrets(): void
    {
        $newest = IdentityHmac::generateSecret();
        $oldest = IdentityHmac::generateSecret();
        $this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/', $newest);
        $this->assertNotSame($newest, $oldest);
        $verifier = Verifier::create([$newest, $oldest], SecretEncoding::Hex);
        $hash = Signer::fromHex($oldest)->sign('user@example.com');
        $this->assertSame(1, $verifier->matchingKey('user@example.com', $hash));
        $this->assertTrue($verifier->verify('user@example.com', $hash));
        $this->assertFalse($verifier->verify('other@example.com', $hash));
    }

    public function testVersionIsTheWorkspaceVersion(): void
    {
        $manifest = (string) file_get_contents(dirname(__DIR__, 3) . '/Cargo.toml');
        $section = substr($manifest, (int) strpos($manifest, '[workspace.package]'));
        $this->assertSame(1, preg_match('/^version\s*=\s*"([^"]+)"/m', $section, $match));
        $this->assertSame($match[1], IdentityHmac::version());
    }
}
