<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\Signer;
use PHPUnit\Framework\TestCase;

final class InteropTest extends TestCase
{
    public function testMatchesHashHmacOnRandomInputs(): void
    {
        mt_srand(42);
        for ($i = 0; $i < 2000; $i++) {
            $key = random_bytes(mt_rand(1, 200));
            $message = $i % 5 === 0 ? '' : random_bytes(mt_rand(1, 300));
            // hash_hmac takes (algo, data, key): the message comes before the key.
            $expected = hash_hmac('sha256', $message, $key);
            $this->assertSame($expected, Signer::fromText($key)->sign($message));
            $this->assertTrue(Signer::fromHex(bin2hex($key))->verify($message, strtoupper($expected)));
        }
    }

    public function testEmbeddedNulBytesAreSigned(): void
    {
        $signer = Signer::fromText("k\0ey");
        $this->assertSame(hash_hmac('sha256', "a\0b", "k\0ey"), $signer->sign("a\0b"));
        $this->assertNotSame($signer->sign('a'), $signer->sign("a\0b"));
        $this->assertSame(hash_hmac('sha256', "\0", "k\0ey"), $signer->sign("\0"));
    }

    public function testIntegersAreSignedAsDecimalStrings(): void
    {
        $signer = Signer::fromText('your_web_widget_hmac_token');
        $this->assertSame($signer->sign('12345'), $signer->sign(12345));
        $this->assertSame($signer->sign('-7'), $signer->sign(-7));
    }
}
