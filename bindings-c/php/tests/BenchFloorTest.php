<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\Signer;
use PHPUnit\Framework\TestCase;

/** The benchmark floor (private, not API) that bench.php times against sign(). */
final class BenchFloorTest extends TestCase
{
    public function testTheFloorReturns64Characters(): void
    {
        $signer = Signer::fromText('your_web_widget_hmac_token');
        $floor = (new \ReflectionMethod(Signer::class, 'benchFloor'))->getClosure($signer);
        foreach (['', 'user-12345@example.com', str_repeat('x', 1024), 12345] as $identifier) {
            $this->assertSame(64, strlen($floor($identifier)));
        }
        $this->assertSame(64, strlen($signer->sign('user-12345@example.com')));
    }
}
