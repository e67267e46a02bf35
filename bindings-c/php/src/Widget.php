<?php
declare(strict_types=1);

namespace IdentityHmac;

use FFI;

/**
 * A chat widget whose identity verification the library knows (its presets):
 * which value is signed, with which secret encoding, into which field of which
 * identify call. The value is the library's own name of the preset; the
 * preset table itself lives in the library, and a test checks that these
 * cases are exactly the library's list.
 */
enum Widget: string
{
    /** Chatwoot's website widget: the identifier, text secret, `identifier_hash`. */
    case Chatwoot = 'chatwoot';
    /** Pylon's chat widget: the email, hex secret, `email_hash`. */
    case Pylon = 'pylon';
    /** Intercom's legacy identity verification: `user_id` (else the email), `user_hash`. */
    case Intercom = 'intercom';
    /** Help Scout Beacon in secure mode: the email, `signature`. */
    case HelpScout = 'helpscout';
    /** Front Chat: the email, `userHash`. */
    case Front = 'front';
    /** Plain's chat: the email, `emailHash`. */
    case Plain = 'plain';
    /** Chatbase: the identifier as `user_id`, `user_hash`. */
    case Chatbase = 'chatbase';
    /** Gleap: the identifier, the hash as `Gleap.identify`'s 3rd argument. */
    case Gleap = 'gleap';
    /** Intercom Messenger security: an HS256 JWT in `intercom_user_jwt`. */
    case IntercomJwt = 'intercom-jwt';
    /** Zendesk messaging: an HS256 JWT with the key id in its header, for `loginUser`. */
    case Zendesk = 'zendesk';

    /**
     * The library's value of this preset, read from its name by the library
     * itself (identity_hmac_widget_from_name).
     *
     * @internal
     */
    public function native(): int
    {
        $ffi = Library::ffi();
        $value = $ffi->new('int');
        $status = $ffi->identity_hmac_widget_from_name($this->value, strlen($this->value), FFI::addr($value));
        if ($status !== $ffi->IDENTITY_HMAC_OK) {
            Library::throwStatus($status); // a case the library does not know: a bug, caught by WidgetTest
        }
        return $value->cdata;
    }
}
