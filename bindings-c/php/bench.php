<?php
// Compares Signer->sign with hash_hmac('sha256', $data, $key), in one process.
// Usage: php bench.php [iterations]   (library found as in README.md)
declare(strict_types=1);

require __DIR__ . '/autoload.php';

use IdentityHmac\Signer;

$iterations = (int) ($argv[1] ?? 1_000_000);
$key = 'your_web_widget_hmac_token';
$identifier = 'user-12345@example.com';
$signer = Signer::fromText($key);
if ($signer->sign($identifier) !== hash_hmac('sha256', $identifier, $key)) {
    fwrite(STDERR, "the two disagree\n");
    exit(1);
}

/** @return float nanoseconds per call, best of three rounds */
function measure(callable $round, int $iterations): float
{
    $best = INF;
    for ($r = 0; $r < 3; $r++) {
        $start = hrtime(true);
        $round($iterations);
        $best = min($best, (hrtime(true) - $start) / $iterations);
    }
    return $best;
}

$sink = '';
$ours = measure(function (int $n) use ($signer, $identifier, &$sink): void {
    for ($i = 0; $i < $n; $i++) {
        $sink = $signer->sign($identifier);
    }
}, $iterations);
$native = measure(function (int $n) use ($key, $identifier, &$sink): void {
    for ($i = 0; $i < $n; $i++) {
        $sink = hash_hmac('sha256', $identifier, $key);
    }
}, $iterations);

printf("PHP %s, %d iterations, best of 3\n", PHP_VERSION, $iterations);
printf("  Signer->sign                      %8.1f ns/op\n", $ours);
printf("  hash_hmac('sha256', \$data, \$key)  %8.1f ns/op\n", $native);
printf("  ratio hash_hmac / Signer->sign: %.2fx (%s)\n", $native / $ours, $native >= $ours ? 'Signer is not slower' : 'Signer is SLOWER');
