<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\ClosedException;
use IdentityHmac\Signer;
use IdentityHmac\Verifier;
use PHPUnit\Framework\TestCase;

/**
 * A closed handle (close(), or __destruct() called by hand) is null: every
 * later call throws ClosedException instead of reading freed memory, and the
 * automatic destructor does not free it a second time.
 */
final class ClosedHandlesTest extends TestCase
{
    /** @return array<string, array{callable(Signer): mixed}> */
    public static function signerCalls(): array
    {
        return [
            'sign' => [static fn (Signer $s) => $s->sign('id')],
            'digest' => [static fn (Signer $s) => $s->digest('id')],
            'verify' => [static fn (Signer $s) => $s->verify('id', str_repeat('0', 64))],
        ];
    }

    /** @dataProvider signerCalls */
    public function testASignerDestructedByHandRefusesCalls(callable $call): void
    {
        $signer = Signer::fromText('token');
        $signer->__destruct();
        $this->expectException(ClosedException::class);
        $this->expectExceptionMessage('this Signer is closed');
        $call($signer);
    }

    /** @dataProvider signerCalls */
    public function testAClosedSignerRefusesCalls(callable $call): void
    {
        $signer = Signer::fromText('token');
        $signer->close();
        $signer->close();
        $this->expectException(ClosedException::class);
        $call($signer);
    }

    /** @return array<string, array{callable(Verifier): mixed}> */
    public static function verifierCalls(): array
    {
        return [
            'verify' => [static fn (Verifier $v) => $v->verify('id', str_repeat('0', 64))],
            'matchingKey' => [static fn (Verifier $v) => $v->matchingKey('id', str_repeat('0', 64))],
        ];
    }

    /** @dataProvider verifierCalls */
    public function testAVerifierDestructedByHandRefusesCalls(callable $call): void
    {
        $verifier = Verifier::fromText(['token']);
        $verifier->__destruct();
        $this->expectException(ClosedException::class);
        $this->expectExceptionMessage('this Verifier is closed');
        $call($verifier);
    }

    public function testClosingOneSignerLeavesTheOthersWorking(): void
    {
        $first = Signer::fromText('token');
        $second = Signer::fromText('token');
        $expected = $second->sign('id');
        $first->close();
        $this->assertSame($expected, $second->sign('id'));
    }

    /**
     * Destructing by hand, twice, then letting PHP destruct again: in a child
     * process, so that a double free (an abort in the allocator) fails this
     * test instead of killing PHPUnit.
     */
    public function testRepeatedDestructionFreesOnce(): void
    {
        $package = getenv('IDENTITY_HMAC_PHP_PACKAGE') ?: dirname(__DIR__);
        $script = 'require ' . var_export($package . '/autoload.php', true) . ';
            for ($i = 0; $i < 1000; $i++) {
                $s = IdentityHmac\Signer::fromText("token");
                $s->__destruct();
                $s->__destruct();
                $v = IdentityHmac\Verifier::fromText(["token", "older"]);
                $v->__destruct();
                $v->close();
                $t = new IdentityHmac\TokenVerifier(["token", ["kid", "older"]]);
                $t->__destruct();
                $t->close();
                unset($s, $v, $t);
                gc_collect_cycles();
            }
            echo "survived";';
        $process = proc_open([PHP_BINARY, '-d', 'ffi.enable=1', '-r', $script], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $this->assertIsResource($process);
        $stdout = stream_get_contents($pipes[1]);
        $stderr = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        $status = proc_close($process);
        $this->assertSame('survived', $stdout, "stderr: $stderr");
        $this->assertSame(0, $status, "stderr: $stderr");
    }
}
