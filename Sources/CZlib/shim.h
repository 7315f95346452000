// zlib (Debian: zlib1g-dev) for compressing large revisions in Store.
#include <zlib.h>
