<?php
// The plain-template helper, a function rather than a class: Composer loads
// it through "files", autoload.php requires it. The guard lets preload.php
// (opcache.preload) and Composer's autoloader both load this file.
declare(strict_types=1);

namespace IdentityHmac;

if (!function_exists(__NAMESPACE__ . '\widget_tag')) {
    /**
     * The whole `<script>` element that makes the widget's identify call, for
     * a plain PHP template: `<?= IdentityHmac\widget_tag(Widget::Chatwoot, $secret, $user) ?>`.
     * Print it as it is, with no htmlspecialchars(): every value in it is
     * already JSON-encoded with `<`, `>`, `&`, `'`, U+2028 and U+2029
     * escaped, so a user named `</script><script>...` stays inert. With the
     * page's CSP $nonce the element carries it (`<script nonce="...">`).
     *
     * Put it after the vendor's own snippet, which defines the API it calls.
     *
     * @param array<string, string|int|null> $user identifier, email, name, avatar_url, phone_number
     * @param array<string, string|null> $page app_id (Pylon, Intercom), chatId (Front), appId (Plain)
     * @throws WidgetException MISSING_FIELD, UNKNOWN_FIELD, INVALID_NONCE
     * @throws InvalidSecretException EMPTY_SECRET, INVALID_HEX_SECRET
     * @throws TokenException INVALID_CLAIMS (token presets)
     * @see IdentityHmac::identifyScript()
     */
    function widget_tag(
        Widget $widget,
        #[\SensitiveParameter] string $secret,
        array $user,
        array $page = [],
        ?string $nonce = null,
        ?SecretEncoding $encoding = null,
        ?TokenOptions $options = null,
    ): string {
        $script = IdentityHmac::identifyScript($widget, $secret, $user, $page, $nonce, $encoding, $options);
        // With a nonce the library returns the whole element; without one, the source for it.
        return $nonce === null ? "<script>\n$script\n</script>" : $script;
    }
}
