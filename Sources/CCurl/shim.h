// Thin shim over libcurl: typed wrappers for the variadic curl_easy_setopt/getinfo/multi_setopt,
// which Swift cannot call directly. Each wrapper fixes the argument type the option expects.
#ifndef RECALL_CCURL_SHIM_H
#define RECALL_CCURL_SHIM_H
#include <curl/curl.h>

/// curl_easy_setopt for options taking a long (timeouts, flags, sizes).
static inline CURLcode recall_curl_setopt_long(CURL *h, CURLoption opt, long value) {
    return curl_easy_setopt(h, opt, value);
}

/// curl_easy_setopt for options taking a curl_off_t (large sizes).
static inline CURLcode recall_curl_setopt_off(CURL *h, CURLoption opt, curl_off_t value) {
    return curl_easy_setopt(h, opt, value);
}

/// curl_easy_setopt for options taking a C string (URL, method, body copied by curl).
static inline CURLcode recall_curl_setopt_string(CURL *h, CURLoption opt, const char *value) {
    return curl_easy_setopt(h, opt, value);
}

/// curl_easy_setopt for options taking an opaque pointer (callback user data, private pointer).
static inline CURLcode recall_curl_setopt_pointer(CURL *h, CURLoption opt, void *value) {
    return curl_easy_setopt(h, opt, value);
}

/// curl_easy_setopt for CURLOPT_HTTPHEADER.
static inline CURLcode recall_curl_setopt_slist(CURL *h, CURLoption opt, struct curl_slist *value) {
    return curl_easy_setopt(h, opt, value);
}

/// The shape of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*recall_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

/// The shape of the CURLOPT_XFERINFOFUNCTION callback (non-zero return aborts the transfer).
typedef int (*recall_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                             curl_off_t ultotal, curl_off_t ulnow);

/// curl_easy_setopt for CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION.
static inline CURLcode recall_curl_setopt_data_callback(CURL *h, CURLoption opt, recall_curl_data_callback cb) {
    return curl_easy_setopt(h, opt, cb);
}

/// curl_easy_setopt for CURLOPT_XFERINFOFUNCTION.
static inline CURLcode recall_curl_setopt_xferinfo(CURL *h, recall_curl_xferinfo_callback cb) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
}

/// curl_easy_getinfo for long-valued info (response code, os errno).
static inline CURLcode recall_curl_getinfo_long(CURL *h, CURLINFO info, long *out) {
    return curl_easy_getinfo(h, info, out);
}

/// curl_easy_getinfo for double-valued info (timings).
static inline CURLcode recall_curl_getinfo_double(CURL *h, CURLINFO info, double *out) {
    return curl_easy_getinfo(h, info, out);
}

/// curl_easy_getinfo for string-valued info (content type, effective URL); the string is owned by curl.
static inline CURLcode recall_curl_getinfo_string(CURL *h, CURLINFO info, const char **out) {
    char *value = NULL;
    CURLcode rc = curl_easy_getinfo(h, info, &value);
    *out = value;
    return rc;
}

/// curl_multi_setopt for options taking a long.
static inline CURLMcode recall_curl_multi_setopt_long(CURLM *m, CURLMoption opt, long value) {
    return curl_multi_setopt(m, opt, value);
}

#endif
