<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\IdentityHmac;
use IdentityHmac\SecretEncoding;
use IdentityHmac\Signer;
use IdentityHmac\Token;
use IdentityHmac\TokenVerifier;
use IdentityHmac\Verifier;
use IdentityHmac\Widget;
use PHPUnit\Framework\TestCase;

use function IdentityHmac\widget_tag;

/**
 * No secret, and no 4-character piece of one, in the message or the trace of
 * any error, with PHP's own default zend.exception_ignore_args=Off (the
 * official Docker images ship no php.ini). Run PHPUnit with
 * `php -d zend.exception_ignore_args=0`; the test fails when the setting is On,
 * since every trace would then be empty and the test vacuous.
 *
 * The secrets are class constants and the cases take only their name, so no
 * frame of the test itself holds a secret as an argument.
 */
final class SecretTraceTest extends TestCase
{
    private const TEXT = 'Tq7~Zk!9w#Vx3%Lp';
    private const TEXT_OLD = 'Mv2^Rb&8y@Hn5=Jc';
    private const HEX = 'c8e1f0b3d2a97e64';
    private const HEX_BAD_CHAR = 'c8e1f0b3Q2a97e64';
    private const HEX_ODD = 'c8e1f0b3d2a97e6';
    private const HEX_PREFIXED = '0xc8e1f0b3d2a97e64';

    /** @return array<string, array{callable(): mixed, list<string>}> */
    private static function errorPaths(): array
    {
        return [
            'empty text' => [static fn () => Signer::fromText(''), []],
            'hex: odd length' => [static fn () => Signer::fromHex(self::HEX_ODD), [self::HEX_ODD]],
            'hex: invalid character' => [static fn () => Signer::fromHex(self::HEX_BAD_CHAR), [self::HEX_BAD_CHAR]],
            'hex: 0x prefix' => [static fn () => Signer::fromHex(self::HEX_PREFIXED), [self::HEX_PREFIXED]],
            'create: invalid hex' => [static fn () => Signer::create(self::HEX_BAD_CHAR, SecretEncoding::Hex), [self::HEX_BAD_CHAR]],
            'create: unknown encoding' => [static fn () => Signer::create(self::TEXT, 'base64'), [self::TEXT]],
            'create: text secret as hex' => [static fn () => Signer::create(self::TEXT, 'hex'), [self::TEXT]],
            'verifier: invalid hex second' => [static fn () => Verifier::fromHex([self::HEX, self::HEX_BAD_CHAR]), [self::HEX, self::HEX_BAD_CHAR]],
            'verifier: empty second' => [static fn () => Verifier::fromText([self::TEXT, '']), [self::TEXT]],
            'verifier: unknown encoding' => [static fn () => Verifier::create([self::TEXT, self::TEXT_OLD], 'HEX'), [self::TEXT, self::TEXT_OLD]],
            'verifier: too many' => [static fn () => Verifier::fromText(array_fill(0, 17, self::TEXT)), [self::TEXT]],
            'verifier: not a string' => [static fn () => Verifier::fromText([self::TEXT, 42, self::TEXT_OLD]), [self::TEXT, self::TEXT_OLD]],
            'verifier: text secrets as hex' => [static fn () => Verifier::fromHex([self::TEXT_OLD]), [self::TEXT_OLD]],
            'identify: pylon invalid hex' => [static fn () => IdentityHmac::identify(Widget::Pylon, self::HEX_BAD_CHAR, ['email' => 'e']), [self::HEX_BAD_CHAR]],
            'identify: missing field' => [static fn () => IdentityHmac::identify(Widget::Chatwoot, self::TEXT, ['email' => 'e']), [self::TEXT]],
            'identify: unknown field' => [static fn () => IdentityHmac::identify(Widget::Chatwoot, self::TEXT, ['identifier' => '1', 'mail' => 'e']), [self::TEXT]],
            'identify: wrong value type' => [static fn () => IdentityHmac::identify(Widget::Chatwoot, self::TEXT, ['identifier' => 1.5]), [self::TEXT]],
            'identify: text as hex' => [static fn () => IdentityHmac::identify(Widget::Chatwoot, self::TEXT, ['identifier' => '1'], SecretEncoding::Hex), [self::TEXT]],
            'identify: zendesk without key id' => [static fn () => IdentityHmac::identify(Widget::Zendesk, self::TEXT, ['identifier' => '1']), [self::TEXT]],
            'identifyScript: invalid nonce' => [static fn () => IdentityHmac::identifyScript(Widget::Chatwoot, self::TEXT, ['identifier' => '1'], nonce: 'a b'), [self::TEXT]],
            'identifyScript: missing page value' => [static fn () => IdentityHmac::identifyScript(Widget::Pylon, self::HEX, ['email' => 'e']), [self::HEX]],
            'widget_tag: missing field' => [static fn () => widget_tag(Widget::Front, self::TEXT, ['name' => 'n'], ['chatId' => 'c']), [self::TEXT]],
            'widget_tag: invalid hex' => [static fn () => widget_tag(Widget::Pylon, self::HEX_ODD, ['email' => 'e'], ['app_id' => 'a']), [self::HEX_ODD]],
            'sign token: claims not encodable' => [static fn () => Token::sign(self::TEXT, ['sub' => NAN]), [self::TEXT]],
            'sign token: claims not an object' => [static fn () => Token::sign(self::TEXT, '[1]'), [self::TEXT]],
            'sign token: exp not an integer' => [static fn () => Token::sign(self::TEXT, ['exp' => 'x']), [self::TEXT]],
            'sign token: invalid hex' => [static fn () => Token::sign(self::HEX_PREFIXED, ['sub' => 's'], encoding: SecretEncoding::Hex), [self::HEX_PREFIXED]],
            'sign token: unknown encoding' => [static fn () => Token::sign(self::TEXT, ['sub' => 's'], encoding: 'b64'), [self::TEXT]],
            'sign token: negative lifetime' => [static fn () => Token::sign(self::TEXT, ['sub' => 's'], expiresIn: -1), [self::TEXT]],
            'token verifier: invalid hex second' => [static fn () => new TokenVerifier([['a', self::HEX], ['b', self::HEX_BAD_CHAR]], SecretEncoding::Hex), [self::HEX, self::HEX_BAD_CHAR]],
            'token verifier: empty second' => [static fn () => new TokenVerifier([self::TEXT, ''], 'text'), [self::TEXT]],
            'token verifier: too many' => [static fn () => new TokenVerifier(array_fill(0, 17, ['kid', self::TEXT])), [self::TEXT]],
            'token verifier: not a pair' => [static fn () => new TokenVerifier([self::TEXT, [self::TEXT_OLD]]), [self::TEXT, self::TEXT_OLD]],
            'token verifier: unknown encoding' => [static fn () => new TokenVerifier([self::TEXT, self::TEXT_OLD], 'HEX'), [self::TEXT, self::TEXT_OLD]],
            'token verifier: negative leeway' => [static fn () => new TokenVerifier([self::TEXT], leeway: -1), [self::TEXT]],
            'token verify: bad signature' => [static fn () => (new TokenVerifier([self::TEXT_OLD]))->verify(Token::sign(self::TEXT, ['sub' => 's'])), [self::TEXT, self::TEXT_OLD]],
            'token verify: missing claim' => [static fn () => (new TokenVerifier([self::TEXT], requiredClaims: ['user_id']))->verify(Token::sign(self::TEXT, ['sub' => 's'])), [self::TEXT]],
        ];
    }

    /** @return array<string, array{string}> */
    public static function errorPathNames(): array
    {
        $names = [];
        foreach (array_keys(self::errorPaths()) as $name) {
            $names[$name] = [$name];
        }
        return $names;
    }

    public function testExceptionArgumentsAreRecorded(): void
    {
        $this->assertSame('0', ini_get('zend.exception_ignore_args'),
            'run PHPUnit with php -d zend.exception_ignore_args=0: with the setting On traces hold no arguments and this test proves nothing');
        $trace = (static fn (string $value) => new \Exception($value))('recorded')->getTrace();
        $this->assertSame(['recorded'], $trace[0]['args'] ?? null);
    }

    /** @dataProvider errorPathNames */
    public function testNoSecretInTheTraceOrMessage(string $name): void
    {
        [$action, $secrets] = self::errorPaths()[$name];
        try {
            $action();
            $this->fail("$name: no error");
        } catch (\Throwable $error) {
            if ($error instanceof \PHPUnit\Framework\AssertionFailedError) {
                throw $error;
            }
            for ($e = $error; $e !== null; $e = $e->getPrevious()) {
                $this->assertNotEmpty($e->getTrace(), "$name: an empty trace");
                $texts = [$e->getMessage(), $e->getTraceAsString(), (string) $e];
                collect_strings($e->getTrace(), $texts);
                foreach ($secrets as $secret) {
                    foreach (pieces($secret) as $piece) {
                        foreach ($texts as $text) {
                            $this->assertStringNotContainsString($piece, $text, "$name: a piece of a secret in the " . get_class($e));
                        }
                    }
                }
            }
        }
    }
}

/** Every 4-character piece of $secret. */
function pieces(string $secret): array
{
    $pieces = [];
    for ($i = 0; $i + 4 <= strlen($secret); $i++) {
        $pieces[] = substr($secret, $i, 4);
    }
    return $pieces;
}

/**
 * Appends every string found in $value to $out: array keys and values, and the
 * public properties of objects, recursively (as an error tracker serialises a
 * trace). A \SensitiveParameterValue has none: its value is reachable only by
 * calling getValue().
 *
 * @param list<string> $out
 */
function collect_strings(mixed $value, array &$out, ?\SplObjectStorage $seen = null): void
{
    $seen ??= new \SplObjectStorage();
    if (is_string($value)) {
        $out[] = $value;
    } elseif (is_array($value)) {
        foreach ($value as $key => $item) {
            if (is_string($key)) {
                $out[] = $key;
            }
            collect_strings($item, $out, $seen);
        }
    } elseif (is_object($value) && !$seen->contains($value)) {
        $seen->attach($value);
        collect_strings(get_object_vars($value), $out, $seen);
    }
}
