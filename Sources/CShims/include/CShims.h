#ifndef AETHER_CSHIMS_H
#define AETHER_CSHIMS_H
/* Swift cannot call C variadic functions. Each wrapper below fixes one
 * argument signature of curl_easy_setopt/getinfo, el_set/el_get or history so
 * Swift sees an ordinary prototype. Bodies live in shims.c (not inline) so the
 * variadic call is compiled once, by the C compiler, with the right promotions. */
#include <stddef.h>
#include <stdio.h>
#include <curl/curl.h>
#include <histedit.h>

/* libcurl */
CURLcode aether_curl_setopt_long(CURL *h, CURLoption opt, long value);
CURLcode aether_curl_setopt_ptr(CURL *h, CURLoption opt, const void *value);
CURLcode aether_curl_setopt_off(CURL *h, CURLoption opt, curl_off_t value);
typedef size_t (*aether_curl_data_cb)(char *data, size_t size, size_t nmemb, void *userdata);
CURLcode aether_curl_setopt_data_cb(CURL *h, CURLoption opt, aether_curl_data_cb cb);
typedef int (*aether_curl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);
CURLcode aether_curl_setopt_xferinfo_cb(CURL *h, aether_curl_xferinfo_cb cb);
CURLcode aether_curl_getinfo_long(CURL *h, CURLINFO info, long *out);
CURLcode aether_curl_getinfo_double(CURL *h, CURLINFO info, double *out);
CURLcode aether_curl_getinfo_string(CURL *h, CURLINFO info, const char **out);
CURLcode aether_curl_getinfo_off(CURL *h, CURLINFO info, curl_off_t *out);

/* libedit: el_set / el_get */
typedef char *(*aether_el_prompt_fn)(EditLine *el);
typedef unsigned char (*aether_el_cmd_fn)(EditLine *el, int ch);
int aether_el_set_int(EditLine *el, int op, int value);
int aether_el_set_string(EditLine *el, int op, const char *value);
int aether_el_set_prompt(EditLine *el, int op, aether_el_prompt_fn fn);
int aether_el_set_prompt_esc(EditLine *el, int op, aether_el_prompt_fn fn, char esc);
int aether_el_set_history(EditLine *el, History *h);
int aether_el_set_addfn(EditLine *el, const char *name, const char *help, aether_el_cmd_fn fn);
int aether_el_set_bind(EditLine *el, const char *key, const char *command);
int aether_el_set_clientdata(EditLine *el, void *data);
void *aether_el_get_clientdata(EditLine *el);
int aether_el_set_setty(EditLine *el, const char *mode, const char *setting);

/* libedit: history */
int aether_history_op(History *h, HistEvent *ev, int op);
int aether_history_op_int(History *h, HistEvent *ev, int op, int value);
int aether_history_op_string(History *h, HistEvent *ev, int op, const char *value);

/* SIGINT as a flag: a Swift handler cannot be async-signal-safe, so the
 * handler and the flag live here. Installed without SA_RESTART so blocking
 * reads and sleeps return EINTR. With hard_exit set, a second SIGINT while the
 * first is still pending ends the process with status 130 (a stuck script can
 * always be stopped). */
void aether_interrupt_install(int hard_exit);
int aether_interrupt_pending(void);
void aether_interrupt_clear(void);
/* Sleeps up to `seconds`; returns 0 when interrupted by SIGINT, 1 otherwise. */
int aether_sleep(double seconds);

#endif
