/* The header alone must compile as strict C99 with every warning an error. */
#include <identity_hmac.h>

int main(void) {
    enum identity_hmac_status status = IDENTITY_HMAC_OK;
    identity_hmac_secret_encoding encoding = IDENTITY_HMAC_SECRET_HEX;
    return (int)status + (int)encoding - 1;
}
