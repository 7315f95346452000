// Thin shim over libcurl: typed wrappers for the variadic curl_easy_setopt/getinfo.
#ifndef RECALL_CCURL_SHIM_H
#define RECALL_CCURL_SHIM_H
#include <curl/curl.h>
#endif
