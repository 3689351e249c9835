/* Declarations and constants only: the module map has no `link "curl"`.
 * CShims opens libcurl on first use (aether_curl_load), so the many
 * invocations that never speak HTTP do not load it and its dependencies. */
#include <curl/curl.h>
