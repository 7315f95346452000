// OpenSSL's libcrypto (Debian: libssl-dev) for SHA-256 content hashes in Notebook (ContentHash.swift).
#include <openssl/evp.h>

/// SHA-256 of `count` bytes into `out` (32 bytes); returns 1 on success, 0 on failure.
static inline int recall_sha256(const void *data, size_t count, unsigned char *out) {
    unsigned int length = 0;
    return EVP_Digest(data, count, out, &length, EVP_sha256(), NULL) == 1 && length == 32;
}
