<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\Library;
use PHPUnit\Framework\TestCase;

/**
 * RANDOM_SOURCE_FAILED: IdentityHmac::generateSecret() throws
 * IdentityHmacRuntimeException with that code when the operating system's
 * random source fails. A child `php` runs with the repository's failing
 * getrandom() preloaded (conformance/test-support/failing_getrandom.c), built
 * here with cc.
 */
final class RandomSourceTest extends TestCase
{
    private ?string $dir = null;

    protected function tearDown(): void
    {
        if ($this->dir !== null) {
            array_map('unlink', glob($this->dir . '/*') ?: []);
            rmdir($this->dir);
        }
    }

    public function testAFailingRandomSourceIsRandomSourceFailed(): void
    {
        if (PHP_OS_FAMILY !== 'Linux') {
            $this->markTestSkipped('LD_PRELOAD of getrandom() is Linux (glibc)');
        }
        $this->dir = sys_get_temp_dir() . '/identity-hmac-getrandom-' . bin2hex(random_bytes(6));
        $this->assertTrue(mkdir($this->dir, 0700));
        $shim = $this->dir . '/failing_getrandom.so';
        $source = dirname(__DIR__, 3) . '/conformance/test-support/failing_getrandom.c';
        [$status, , $stderr] = self::runProcess(['cc', '-shared', '-fPIC', '-o', $shim, $source], getenv());
        $this->assertSame(0, $status, "cc could not build the shim: $stderr");

        $package = getenv('IDENTITY_HMAC_PHP_PACKAGE') ?: dirname(__DIR__);
        $script = 'require ' . var_export($package . '/autoload.php', true) . ';
            if (!preg_match("/^[0-9a-f]{64}$/", IdentityHmac\IdentityHmac::generateSecret())) {
                throw new Exception("no secret before the failure is switched on");
            }
            putenv("IDENTITY_HMAC_TEST_FAIL_GETRANDOM=1");
            try {
                IdentityHmac\IdentityHmac::generateSecret();
                echo "no error";
            } catch (Throwable $e) {
                echo implode("|", [get_class($e), $e->getErrorCode(), $e->getCode(), $e->getMessage()]);
            }';
        // PHP's FFI opens the library with RTLD_DEEPBIND, which binds its
        // getrandom() to the C library's before any preloaded one. Preloaded
        // too, the library is already open, with ordinary binding, when FFI
        // asks for it, and FFI gets that copy.
        $preload = $shim . ':' . Library::libraryPath();
        [$status, $stdout, $stderr] = self::runProcess(
            [PHP_BINARY, '-d', 'ffi.enable=1', '-r', $script],
            ['LD_PRELOAD' => $preload] + getenv(),
        );
        $this->assertSame(0, $status, "stdout: $stdout\nstderr: $stderr");
        $this->assertSame(
            "IdentityHmac\\IdentityHmacRuntimeException|RANDOM_SOURCE_FAILED|-10|"
                . "identity-hmac: RANDOM_SOURCE_FAILED: the operating system's random source failed",
            $stdout,
            "stderr: $stderr",
        );
    }

    /**
     * @param list<string> $command
     * @param array<string, string> $env
     * @return array{int, string, string}
     */
    private static function runProcess(array $command, array $env): array
    {
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        self::assertIsResource($process);
        $stdout = (string) stream_get_contents($pipes[1]);
        $stderr = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), $stdout, $stderr];
    }
}
