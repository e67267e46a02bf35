<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\IdentityHmac;
use IdentityHmac\Library;
use PHPUnit\Framework\TestCase;

final class LibraryTest extends TestCase
{
    public function testTheExpectedLibraryIsLoaded(): void
    {
        $expected = getenv('IDENTITY_HMAC_EXPECT_LIB');
        if ($expected === false || $expected === '') {
            $this->markTestSkipped('IDENTITY_HMAC_EXPECT_LIB is not set');
        }
        $this->assertSame($expected, Library::libraryPath());
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', IdentityHmac::version());
    }

    public function testTheFfiHeaderHasNoPreprocessorLines(): void
    {
        $header = (string) file_get_contents(Library::headerPath());
        $this->assertStringContainsString('identity_hmac_signer_sign_hex', $header);
        $this->assertDoesNotMatchRegularExpression('/^\s*#/m', $header);
    }
}
