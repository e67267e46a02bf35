<?php
declare(strict_types=1);

namespace IdentityHmac;

/**
 * A failure no argument caused: RANDOM_SOURCE_FAILED (the operating system's
 * random source failed, in IdentityHmac::generateSecret()), or a bug
 * (INTERNAL_ERROR). getErrorCode() gives the code string.
 */
final class IdentityHmacRuntimeException extends \RuntimeException
{
    public function __construct(string $message, private readonly string $errorCode, int $status = 0)
    {
        parent::__construct($message, $status);
    }

    /** The code string, such as "RANDOM_SOURCE_FAILED". */
    public function getErrorCode(): string
    {
        return $this->errorCode;
    }
}
