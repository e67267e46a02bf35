<?php
declare(strict_types=1);

namespace IdentityHmac\Tests;

use IdentityHmac\IdentityHmac;
use IdentityHmac\IdentityHmacException;
use IdentityHmac\InvalidSecretException;
use IdentityHmac\Library;
use IdentityHmac\SecretEncoding;
use IdentityHmac\TokenOptions;
use IdentityHmac\TokenVerifier;
use IdentityHmac\Widget;
use IdentityHmac\WidgetException;
use PHPUnit\Framework\TestCase;

use function IdentityHmac\widget_tag;

/** The presets, IdentityHmac::identify() and identifyScript(), and widget_tag(). */
final class IdentifyTest extends TestCase
{
    /** The hostile user of the browser tests: a script in the name, `"` and U+2028 in the email, an int above 2^53. */
    private const USER = ['identifier' => 9007199254740993, 'email' => "a\"b\u{2028}c@example.com", 'name' => '</script><script>window.pwned=1</script>'];
    private const HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

    public function testTheCasesAreTheLibrarysPresetsInItsOrder(): void
    {
        $ffi = Library::ffi();
        $names = [];
        for ($i = 0; $i < $ffi->identity_hmac_widget_count(); $i++) {
            $names[] = $ffi->identity_hmac_widget_name($i);
        }
        $this->assertNull($ffi->identity_hmac_widget_name(count($names)), 'one past the last preset');
        $this->assertSame($names, array_map(static fn (Widget $w): string => $w->value, Widget::cases()));
        foreach (Widget::cases() as $i => $widget) {
            $this->assertSame($i, $widget->native());
        }
        $this->assertSame('intercom-jwt', Widget::IntercomJwt->value);
        $this->assertSame(Widget::HelpScout, Widget::from('helpscout'));
    }

    /** @return array<string, array{Widget, string, array<string, string>}> the fields each hash preset returns, $h standing for the hash */
    public static function hashPresets(): array
    {
        $id = '9007199254740993';
        ['email' => $email, 'name' => $name] = self::USER;
        return [
            'chatwoot' => [Widget::Chatwoot, $id, ['identifier' => $id, 'email' => $email, 'name' => $name, 'identifier_hash' => '$h']],
            'pylon' => [Widget::Pylon, $email, ['email' => $email, 'name' => $name, 'email_hash' => '$h']],
            'intercom' => [Widget::Intercom, $id, ['user_id' => $id, 'email' => $email, 'name' => $name, 'user_hash' => '$h']],
            'helpscout' => [Widget::HelpScout, $email, ['name' => $name, 'email' => $email, 'signature' => '$h']],
            'front' => [Widget::Front, $email, ['email' => $email, 'name' => $name, 'userHash' => '$h']],
            'plain' => [Widget::Plain, $email, ['email' => $email, 'emailHash' => '$h', 'fullName' => $name]],
            'chatbase' => [Widget::Chatbase, $id, ['user_id' => $id, 'user_hash' => '$h', 'name' => $name, 'email' => $email]],
            'gleap' => [Widget::Gleap, $id, ['userId' => $id, 'name' => $name, 'email' => $email, 'userHash' => '$h']],
        ];
    }

    /** @dataProvider hashPresets */
    public function testHashPresetsGiveTheirFieldsInOrderWithHashHmacsHash(Widget $widget, string $signed, array $fields): void
    {
        $secret = $widget === Widget::Pylon ? self::HEX : 'the-' . $widget->value . '-secret';
        $key = $widget === Widget::Pylon ? (string) hex2bin(self::HEX) : $secret;
        $expected = array_map(static fn (string $v): string => $v === '$h' ? hash_hmac('sha256', $signed, $key) : $v, $fields);
        $this->assertSame($expected, IdentityHmac::identify($widget, $secret, self::USER));
        // The same with the identifier as a string: an int is signed as its decimal string.
        $this->assertSame($expected, IdentityHmac::identify($widget, $secret, ['identifier' => '9007199254740993'] + self::USER));
    }

    public function testAnExplicitEncodingOverridesThePresets(): void
    {
        $hex = bin2hex('chatwoot-token');
        $this->assertSame(hash_hmac('sha256', '42', 'chatwoot-token'),
            IdentityHmac::identify(Widget::Chatwoot, $hex, ['identifier' => 42], SecretEncoding::Hex)['identifier_hash']);
        // Pylon's secret read as text: the hash of its characters, not of the bytes they spell.
        $this->assertSame(hash_hmac('sha256', 'a@b.c', self::HEX),
            IdentityHmac::identify(Widget::Pylon, self::HEX, ['email' => 'a@b.c'], SecretEncoding::Text)['email_hash']);
    }

    public function testIntercomSignsTheUserIdElseTheEmail(): void
    {
        $this->assertSame(hash_hmac('sha256', 'u-1', 's'), IdentityHmac::identify(Widget::Intercom, 's', ['identifier' => 'u-1', 'email' => 'e@x'])['user_hash']);
        $this->assertSame(['email' => 'e@x', 'user_hash' => hash_hmac('sha256', 'e@x', 's')], IdentityHmac::identify(Widget::Intercom, 's', ['email' => 'e@x']));
    }

    public function testNullLeavesAFieldOut(): void
    {
        $this->assertSame(['identifier' => '7', 'identifier_hash' => hash_hmac('sha256', '7', 's')],
            IdentityHmac::identify(Widget::Chatwoot, 's', ['identifier' => 7, 'email' => null, 'name' => null]));
    }

    public function testTheScriptEscapesTheNameAndKeepsTheValues(): void
    {
        $script = IdentityHmac::identifyScript(Widget::Chatwoot, 's3cret', self::USER + ['avatar_url' => 'https://x/a.png?a=1&b=2']);
        $this->assertStringNotContainsString('</script>', $script);
        $this->assertStringNotContainsString("\u{2028}", $script);
        $this->assertStringContainsString('name: "\u003c/script\u003e\u003cscript\u003ewindow.pwned=1\u003c/script\u003e"', $script);
        $this->assertStringContainsString('email: "a\"b\u2028c@example.com"', $script);
        $this->assertStringContainsString('avatar_url: "https://x/a.png?a=1\u0026b=2"', $script);
        $this->assertStringContainsString('identifier_hash: "' . hash_hmac('sha256', '9007199254740993', 's3cret') . '"', $script);
        $this->assertStringStartsWith("window.addEventListener('chatwoot:ready', function () {\n  window.\$chatwoot.setUser(\"9007199254740993\", {", $script);
        $this->assertSame($script, IdentityHmac::identifyScript(Widget::Chatwoot, 's3cret', self::USER + ['avatar_url' => 'https://x/a.png?a=1&b=2']),
            'the same input gives the same bytes');
    }

    public function testPageValuesGoIntoTheCall(): void
    {
        $script = IdentityHmac::identifyScript(Widget::Front, 's', self::USER, ['chatId' => "front-</script>'\u{2029}"]);
        $this->assertStringStartsWith("window.FrontChat('init', {\n  chatId: \"front-\\u003c/script\\u003e\\u0027\\u2029\",\n  useDefaultLauncher: true,", $script);
    }

    public function testANonceGivesTheWholeElement(): void
    {
        $nonce = 'cjRuZDBtLW5vbmNlLTIwMjY=';
        $source = IdentityHmac::identifyScript(Widget::Pylon, self::HEX, self::USER, ['app_id' => 'app']);
        $this->assertSame("<script nonce=\"$nonce\">\n$source\n</script>", IdentityHmac::identifyScript(Widget::Pylon, self::HEX, self::USER, ['app_id' => 'app'], $nonce));
        $this->assertSame("<script nonce=\"$nonce\">\n$source\n</script>", widget_tag(Widget::Pylon, self::HEX, self::USER, page: ['app_id' => 'app'], nonce: $nonce));
        $this->assertSame("<script>\n$source\n</script>", widget_tag(Widget::Pylon, self::HEX, self::USER, ['app_id' => 'app']));
    }

    /** @return array<string, array{callable(): mixed, string, ?string, ?string, ?int}> */
    public static function widgetErrors(): array
    {
        return [
            'pylon without email' => [static fn () => IdentityHmac::identify(Widget::Pylon, self::HEX, ['name' => 'n']), 'MISSING_FIELD', 'email', 'missing', null],
            'chatwoot with an empty identifier' => [static fn () => IdentityHmac::identify(Widget::Chatwoot, 's', ['identifier' => '']), 'MISSING_FIELD', 'identifier', 'empty', null],
            'intercom with neither' => [static fn () => IdentityHmac::identify(Widget::Intercom, 's', ['name' => 'n']), 'MISSING_FIELD', 'email', 'missing', null],
            'front without chatId' => [static fn () => IdentityHmac::identifyScript(Widget::Front, 's', ['email' => 'e']), 'MISSING_FIELD', 'chatId', 'missing', null],
            'zendesk without key id' => [static fn () => IdentityHmac::identify(Widget::Zendesk, 's', ['identifier' => 'u']), 'MISSING_FIELD', 'key_id', 'missing', null],
            'intercom-jwt without identifier' => [static fn () => IdentityHmac::identify(Widget::IntercomJwt, 's', ['email' => 'e']), 'MISSING_FIELD', 'identifier', 'missing', null],
            'unknown user key' => [static fn () => IdentityHmac::identify(Widget::Chatwoot, 's', ['identifier' => '1', 'e-mail' => 'e']), 'UNKNOWN_FIELD', null, null, null],
            'a list as the user' => [static fn () => IdentityHmac::identify(Widget::Chatwoot, 's', ['1']), 'UNKNOWN_FIELD', null, null, null],
            'unknown page value' => [static fn () => IdentityHmac::identifyScript(Widget::Chatwoot, 's', ['identifier' => '1'], ['app_id' => 'a']), 'UNKNOWN_FIELD', null, null, null],
            'nonce with a quote' => [static fn () => IdentityHmac::identifyScript(Widget::Chatwoot, 's', ['identifier' => '1'], nonce: 'ab"c'), 'INVALID_NONCE', null, 'invalid character', 2],
            'empty nonce' => [static fn () => IdentityHmac::identifyScript(Widget::Chatwoot, 's', ['identifier' => '1'], nonce: ''), 'INVALID_NONCE', null, 'empty', null],
        ];
    }

    /** @dataProvider widgetErrors */
    public function testWidgetErrorsAreTyped(callable $call, string $code, ?string $field, ?string $reason, ?int $position): void
    {
        try {
            $call();
            $this->fail("expected $code");
        } catch (WidgetException $e) {
            $this->assertInstanceOf(\InvalidArgumentException::class, $e);
            $this->assertSame([$code, $field, $reason, $position], [$e->getErrorCode(), $e->getField(), $e->getReason(), $e->getPosition()]);
            $this->assertStringStartsWith("$code: ", $e->getMessage());
            $this->assertSame(Library::ffi()->{"IDENTITY_HMAC_$code"}, $e->getCode());
        }
    }

    public function testTheMessageNamesThePresetAndTheField(): void
    {
        try {
            IdentityHmac::identify(Widget::Pylon, self::HEX, ['name' => 'Ada']);
            $this->fail('accepted');
        } catch (WidgetException $e) {
            $this->assertSame('MISSING_FIELD: the pylon preset needs email, which is missing', $e->getMessage());
        }
    }

    public function testSecretsAreCheckedByThePresetsEncoding(): void
    {
        try {
            IdentityHmac::identify(Widget::Pylon, 'not-hex', ['email' => 'e']);
            $this->fail('accepted');
        } catch (InvalidSecretException $e) {
            $this->assertSame(['INVALID_HEX_SECRET', 'invalid character', 0], [$e->getErrorCode(), $e->getReason(), $e->getPosition()]);
        }
        $this->expectException(InvalidSecretException::class);
        IdentityHmac::identify(Widget::Chatwoot, '', ['identifier' => '1']);
    }

    /** @return array<string, array{mixed}> */
    public static function wrongValueTypes(): array
    {
        return ['float' => [1.5], 'bool' => [true], 'array' => [['a']], 'object' => [new \stdClass()]];
    }

    /** @dataProvider wrongValueTypes */
    public function testWrongValueTypesAreTypeErrors(mixed $value): void
    {
        foreach ([
            static fn () => IdentityHmac::identify(Widget::Chatwoot, 's', ['identifier' => $value]),
            static fn () => IdentityHmac::identify(Widget::Chatwoot, 's', ['identifier' => '1', 'name' => $value]),
            static fn () => IdentityHmac::identify(Widget::Pylon, self::HEX, ['email' => 5]), // only the identifier may be an int
            static fn () => IdentityHmac::identifyScript(Widget::Front, 's', ['email' => 'e'], ['chatId' => $value]),
        ] as $call) {
            try {
                $call();
                $this->fail('expected a TypeError');
            } catch (\TypeError $e) {
                $this->assertStringStartsWith('identity-hmac: every ', $e->getMessage());
            }
        }
    }

    public function testValuesThatAreNotUtf8AreRefused(): void
    {
        foreach ([
            static fn () => IdentityHmac::identify(Widget::Chatwoot, 's', ['identifier' => "id-\xff-\xfe"]),
            static fn () => IdentityHmac::identifyScript(Widget::Pylon, self::HEX, ['email' => 'e'], ['app_id' => "\xc3"]),
            static fn () => IdentityHmac::identify(Widget::Zendesk, 's', ['identifier' => 'u'], options: new TokenOptions(keyId: "\xff")),
        ] as $call) {
            try {
                $call();
                $this->fail('accepted');
            } catch (IdentityHmacException $e) {
                $this->assertSame('INVALID_ARGUMENT', $e->getErrorCode());
                $this->assertStringNotContainsString("\xff", $e->getMessage());
            }
        }
    }

    public function testTokenPresetsSignTheirClaims(): void
    {
        $options = new TokenOptions(expiresIn: 3600, now: 1_700_000_000);
        $fields = IdentityHmac::identify(Widget::IntercomJwt, 'messenger-secret', self::USER, options: $options);
        $this->assertSame(['intercom_user_jwt'], array_keys($fields));
        $verifier = new TokenVerifier(['messenger-secret'], requiredClaims: ['user_id']);
        $this->assertSame(
            ['email' => self::USER['email'], 'exp' => 1_700_003_600, 'iat' => 1_700_000_000, 'name' => self::USER['name'], 'user_id' => '9007199254740993'],
            $verifier->verify($fields['intercom_user_jwt'], 1_700_000_100));

        $zendesk = IdentityHmac::identify(Widget::Zendesk, 'zendesk-secret', self::USER, options: new TokenOptions(keyId: 'app_64f0', now: 1_700_000_000));
        $claims = (new TokenVerifier([['app_64f0', 'zendesk-secret']], requiredClaims: ['external_id', 'scope']))->verify($zendesk['jwt'], 1_700_000_000);
        $this->assertSame(['external_id' => '9007199254740993', 'scope' => 'user'], ['external_id' => $claims['external_id'], 'scope' => $claims['scope']]);
        $header = json_decode((string) sodium_base642bin(explode('.', $zendesk['jwt'])[0], SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING), true);
        $this->assertSame(['alg' => 'HS256', 'kid' => 'app_64f0', 'typ' => 'JWT'], $header);

        $script = IdentityHmac::identifyScript(Widget::Zendesk, 'zendesk-secret', self::USER, options: new TokenOptions(keyId: 'app_64f0', now: 1_700_000_000));
        $this->assertSame("zE('messenger', 'loginUser', function (callback) {\n  callback(\"{$zendesk['jwt']}\");\n});", $script);
    }

    public function testHashPresetsIgnoreTokenOptions(): void
    {
        $this->assertSame(IdentityHmac::identify(Widget::Chatwoot, 's', ['identifier' => 1]),
            IdentityHmac::identify(Widget::Chatwoot, 's', ['identifier' => 1], options: new TokenOptions(3600, 'kid', 5)));
    }

    public function testANegativeLifetimeIsAValueError(): void
    {
        $this->expectException(\ValueError::class);
        new TokenOptions(expiresIn: -1);
    }

    public function testWidgetErrorsAreIdentityHmacExceptions(): void
    {
        $this->expectException(IdentityHmacException::class);
        IdentityHmac::identify(Widget::Gleap, 's', []);
    }
}
