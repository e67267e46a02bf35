<?php
declare(strict_types=1);

namespace IdentityHmac;

/**
 * A widget call the library refuses: UNKNOWN_WIDGET, MISSING_FIELD (a Pylon
 * user without an email, a Front page without its chatId: getField() names
 * it), UNKNOWN_FIELD (a user key or page value the preset's call does not
 * take) or INVALID_NONCE (getPosition() gives the first bad character). The
 * message never contains the secret or any value of the user.
 */
final class WidgetException extends IdentityHmacException
{
    public function __construct(
        string $message,
        string $errorCode,
        int $status,
        private readonly ?string $field = null,
        private readonly ?string $reason = null,
        private readonly ?int $position = null,
    ) {
        parent::__construct($message, $errorCode, $status);
    }

    /** For MISSING_FIELD, the user field or page value that is missing or empty ("email", "app_id", ...). */
    public function getField(): ?string
    {
        return $this->field;
    }

    /** The fixed phrase saying why: "missing", "empty", "invalid character", ... */
    public function getReason(): ?string
    {
        return $this->reason;
    }

    /** For INVALID_NONCE, the 0-based position of the first character that is not base64, else null. */
    public function getPosition(): ?int
    {
        return $this->position;
    }
}
