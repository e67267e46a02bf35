<?php
declare(strict_types=1);

namespace IdentityHmac;

/**
 * A secret's value is refused: EMPTY_SECRET, INVALID_HEX_SECRET, ... (the
 * codes the library classes as invalid secrets). The message and the details
 * never contain the secret or any part of it.
 */
final class InvalidSecretException extends IdentityHmacException
{
    public function __construct(
        string $message,
        string $errorCode,
        int $status,
        private readonly ?int $position,
        private readonly ?int $secretIndex = null,
        private readonly ?string $reason = null,
    ) {
        parent::__construct($message, $errorCode, $status);
    }

    /** The 0-based position of an INVALID_HEX_SECRET error, else null. */
    public function getPosition(): ?int
    {
        return $this->position;
    }

    /** Which secret of a Verifier's list (0 = newest) is refused, else null. */
    public function getSecretIndex(): ?int
    {
        return $this->secretIndex;
    }

    /** The fixed phrase saying why: "empty", "odd length", "invalid character", ... */
    public function getReason(): ?string
    {
        return $this->reason;
    }
}
