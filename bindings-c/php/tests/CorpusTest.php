<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\InvalidSecretException;
use IdentityHmac\Signer;
use IdentityHmac\Verifier;
use PHPUnit\Framework\TestCase;

final class CorpusTest extends TestCase
{
    public function signVectors(): array
    {
        return Corpus::group('sign');
    }

    public function verifyVectors(): array
    {
        return Corpus::group('verify');
    }

    public function invalidSecretVectors(): array
    {
        return Corpus::group('invalid_secrets');
    }

    /** @dataProvider signVectors */
    public function testSign(array $v): void
    {
        $signer = Signer::create(Corpus::bytes($v['secret']), $v['secret_encoding']);
        $identifier = Corpus::bytes($v['identifier']);
        $this->assertSame($v['expected'], $signer->sign($identifier));
        $this->assertSame($v['expected'], bin2hex($signer->digest($identifier)));
        $this->assertTrue($signer->verify($identifier, $v['expected']));
    }

    /** @dataProvider verifyVectors */
    public function testVerify(array $v): void
    {
        $secret = Corpus::bytes($v['secret']);
        $identifier = Corpus::bytes($v['identifier']);
        $presented = Corpus::bytes($v['presented']);
        $this->assertSame($v['expected'], Signer::create($secret, $v['secret_encoding'])->verify($identifier, $presented));
        $this->assertSame($v['expected'], Verifier::create([$secret], $v['secret_encoding'])->verify($identifier, $presented));
    }

    /** @dataProvider invalidSecretVectors */
    public function testInvalidSecret(array $v): void
    {
        $secret = Corpus::bytes($v['secret']);
        try {
            Signer::create($secret, $v['secret_encoding']);
            $this->fail('the invalid secret was accepted');
        } catch (InvalidSecretException $e) {
            $this->assertSame($v['expected_code'], $e->getErrorCode());
            $this->assertSame($v['position'] ?? null, $e->getPosition());
            if (strlen($secret) >= 4) {
                $this->assertStringNotContainsString($secret, $e->getMessage());
            }
        }
    }
}
