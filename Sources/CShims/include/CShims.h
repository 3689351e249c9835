#ifndef AETHER_CSHIMS_H
#define AETHER_CSHIMS_H

#include <stdio.h>
/* What must be written in C, in four kinds:
 * - Wrappers of variadic functions, which Swift cannot call: each fixes one
 *   argument signature of curl_easy_setopt/getinfo, el_set/el_get, history or
 *   rd_kafka_produceva so Swift sees an ordinary prototype (and libcurl's
 *   loader, as libcurl is opened on first use).
 * - Signal handlers and their flags (SIGINT, SIGTERM, SIGHUP, SIGWINCH): a
 *   Swift handler cannot be async-signal-safe.
 * - Terminal settings the ^C echo depends on, and descriptors made
 *   close-on-exec atomically (pipe2, accept4 need _GNU_SOURCE).
 * - The C library's standard streams, which Swift 6 cannot read as globals.
 * Bodies live in shims.c (not inline) so each variadic call is compiled once,
 * by the C compiler, with the right promotions.
 *
 * This header names the libraries' types only as incomplete structs and plain
 * integers: including their headers here too would give their declarations two
 * owning modules, and Swift would then not see their constants through
 * CRdKafka, CCurl and CLibEdit. */
#include <stddef.h>
#include <stdint.h>

/* libcurl: CURL and curl_slist are void; options, info codes and results are
 * ints. libcurl is opened (dlopen) on first use: aether_curl_load returns NULL
 * once it is ready, or why it cannot be; the other aether_curl_ functions may
 * only be called after it returned NULL. */
#define AETHER_LIBCURL "libcurl.so.4"
const char *aether_curl_load(void);
int aether_curl_global_init(long flags);
void *aether_curl_easy_init(void);
void aether_curl_easy_cleanup(void *curl);
void aether_curl_easy_reset(void *curl);
int aether_curl_easy_perform(void *curl);
const char *aether_curl_easy_strerror(int code);
void *aether_curl_slist_append(void *list, const char *line);
void aether_curl_slist_free_all(void *list);
/* NULL when libcurl cannot be loaded. */
const char *aether_curl_version(void);
int aether_curl_setopt_long(void *curl, int option, long value);
int aether_curl_setopt_ptr(void *curl, int option, const void *value);
int aether_curl_setopt_off(void *curl, int option, int64_t value);
typedef size_t (*aether_curl_data_cb)(char *data, size_t size, size_t nmemb, void *userdata);
int aether_curl_setopt_data_cb(void *curl, int option, aether_curl_data_cb cb);
typedef int (*aether_curl_xferinfo_cb)(void *userdata, int64_t dltotal, int64_t dlnow, int64_t ultotal,
                                       int64_t ulnow);
int aether_curl_setopt_xferinfo_cb(void *curl, aether_curl_xferinfo_cb cb);
int aether_curl_getinfo_long(void *curl, int info, long *out);
int aether_curl_getinfo_double(void *curl, int info, double *out);
int aether_curl_getinfo_string(void *curl, int info, const char **out);
int aether_curl_getinfo_off(void *curl, int info, int64_t *out);

/* libedit */
struct editline;
struct history;
struct HistEvent;
typedef char *(*aether_el_prompt_fn)(struct editline *el);
typedef unsigned char (*aether_el_cmd_fn)(struct editline *el, int ch);
int aether_el_set_int(struct editline *el, int op, int value);
int aether_el_set_string(struct editline *el, int op, const char *value);
int aether_el_set_prompt(struct editline *el, int op, aether_el_prompt_fn fn);
int aether_el_set_prompt_esc(struct editline *el, int op, aether_el_prompt_fn fn, char esc);
int aether_el_set_history(struct editline *el, struct history *h);
int aether_el_set_addfn(struct editline *el, const char *name, const char *help, aether_el_cmd_fn fn);
int aether_el_set_bind(struct editline *el, const char *key, const char *command);
int aether_el_set_clientdata(struct editline *el, void *data);
void *aether_el_get_clientdata(struct editline *el);
int aether_el_set_setty(struct editline *el, const char *mode, const char *setting);
/* Redraws the prompt and the line (EL_REFRESH takes no argument). */
int aether_el_refresh(struct editline *el);
int aether_history_op(struct history *h, struct HistEvent *ev, int op);
int aether_history_op_int(struct history *h, struct HistEvent *ev, int op, int value);
int aether_history_op_string(struct history *h, struct HistEvent *ev, int op, const char *value);

/* librdkafka: one produce call with the fields aetherctl uses, through
 * rd_kafka_produceva (the rd_kafka_vu_t union is awkward to build from Swift).
 * partition < 0 lets the partitioner choose; timestamp_ms 0 lets librdkafka
 * stamp the message (a clock read per message). Returns an rd_kafka_resp_err_t.
 * On success the headers belong to librdkafka; on failure the caller keeps them. */
struct rd_kafka_s;
struct rd_kafka_headers_s;
struct rd_kafka_topic_s;
int aether_produce(struct rd_kafka_s *rk, struct rd_kafka_topic_s *rkt, int32_t partition, const void *key,
                   size_t key_len, const void *value, size_t value_len,
                   struct rd_kafka_headers_s *headers, int64_t timestamp_ms, void *msg_opaque);

/* SIGINT as a flag: a Swift handler cannot be async-signal-safe, so the
 * handler and the flag live here. Installed without SA_RESTART so blocking
 * reads and sleeps return EINTR. With hard_exit set, a second SIGINT while the
 * first is still pending ends the process with status 130 (a stuck script can
 * always be stopped). */
void aether_interrupt_install(int hard_exit);
int aether_termination_signal(void);
void aether_termination_forget(void);
void aether_prompt_waiting(int on);
void aether_end_by_signal(int sig);
int aether_interrupt_pending(void);
/* With fd >= 0, the first SIGINT writes a newline to fd: the terminal has
 * echoed ^C, and what the stopped command prints next must start on its own
 * line. -1 turns it off. */
void aether_interrupt_newline_on(int fd);
/* While a command runs in the interactive shell the terminal does not echo
 * ^C itself (ECHOCTL off): the handler writes "^C\n" in one write, so the
 * newline can never land before the echo. Returns 0, or -1 when fd is not a
 * terminal; aether_terminal_echoctl_restore puts the saved setting back. */
int aether_terminal_echoctl_off(int fd);
void aether_terminal_echoctl_restore(int fd);
void aether_interrupt_clear(void);
/* Sleeps up to `seconds`; returns 0 when interrupted by SIGINT, 1 otherwise. */
int aether_sleep(double seconds);

/* Descriptors the sandbox makes close-on-exec atomically (pipe2, accept4
 * need _GNU_SOURCE, which Swift's Glibc module does not define): a program
 * started from another thread meanwhile must not inherit them. */
int aether_pipe_cloexec(int fds[2]);
int aether_accept_cloexec(int listener);

/* A full-screen view (the dashboard): SIGTERM and SIGHUP as a flag, so the
 * screen is restored before the process ends, and SIGWINCH as a flag the
 * view takes to redraw. Without SA_RESTART, so a waiting poll() returns at
 * once. _restore puts back the handlers that were there before. */
void aether_screen_signals_install(void);
void aether_screen_signals_restore(void);
int aether_terminate_pending(void);
/* 1 once for every run of SIGWINCH since the last call, else 0. */
int aether_resize_take(void);

/* The C library's standard streams. Swift 6 sees glibc's `stdin`, `stdout`
 * and `stderr` as mutable globals it cannot prove safe; read through a
 * function they are plain values. */
FILE *aether_stdin(void);
FILE *aether_stdout(void);
FILE *aether_stderr(void);

#endif
