// Compiles the header as C++ (-Wall -Wextra -Werror) and makes one call
// through it, so extern "C" linkage and the enum types are checked too.
#include <identity_hmac.h>

#include <cstdio>
#include <cstring>

int main() {
    static_assert(IDENTITY_HMAC_HEX_SIZE == IDENTITY_HMAC_HEX_LEN + 1, "hex buffer size");
    const char secret[] = "your_web_widget_hmac_token";
    const char identifier[] = "some_identifier";
    identity_hmac_signer *signer = nullptr;
    identity_hmac_status status = identity_hmac_signer_new(reinterpret_cast<const uint8_t *>(secret),
                                                           std::strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer, nullptr);
    char out[IDENTITY_HMAC_HEX_SIZE];
    if (status == IDENTITY_HMAC_OK)
        status = identity_hmac_signer_sign_hex(signer, reinterpret_cast<const uint8_t *>(identifier),
                                               std::strlen(identifier), out);
    identity_hmac_signer_free(signer);
    if (status != IDENTITY_HMAC_OK ||
        std::strcmp(out, "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9") != 0) {
        std::fprintf(stderr, "C++ check failed: %s\n", identity_hmac_status_message(status));
        return 1;
    }
    std::printf("C++ header check: ok (identity-hmac %s)\n", identity_hmac_version());
    return 0;
}
