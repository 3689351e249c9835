#define _GNU_SOURCE
#include "CShims.h"
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <histedit.h>
#include <librdkafka/rdkafka.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/socket.h>

/* libcurl is opened on first use, not at program start: with its TLS,
 * Kerberos, LDAP and SSH dependencies it costs about 5 ms and 3 MB per process,
 * and most invocations (lag, produce, tail, a script, a TAB) never touch HTTP.
 * Every curl entry point aetherctl uses goes through the table below; the
 * prototypes come from curl.h, so the compiler still checks each call. */
static struct {
  __typeof__(curl_global_init) *global_init;
  __typeof__(curl_easy_init) *easy_init;
  __typeof__(curl_easy_cleanup) *easy_cleanup;
  __typeof__(curl_easy_reset) *easy_reset;
  __typeof__(curl_easy_perform) *easy_perform;
  __typeof__(curl_easy_strerror) *easy_strerror;
  __typeof__(curl_easy_setopt) *easy_setopt;
  __typeof__(curl_easy_getinfo) *easy_getinfo;
  __typeof__(curl_slist_append) *slist_append;
  __typeof__(curl_slist_free_all) *slist_free_all;
  __typeof__(curl_version) *version;
} curl;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static char curl_error[256];
static int curl_loaded;

static void curl_open(void) {
  void *lib = dlopen(AETHER_LIBCURL, RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    const char *reason = dlerror();
    snprintf(curl_error, sizeof curl_error, "%s", reason ? reason : "cannot open " AETHER_LIBCURL);
    return;
  }
#define AETHER_CURL_SYMBOL(field, name)                                                        \
  if ((*(void **)&curl.field = dlsym(lib, name)) == NULL) {                                   \
    snprintf(curl_error, sizeof curl_error, "%s has no %s", AETHER_LIBCURL, name);           \
    return;                                                                                    \
  }
  AETHER_CURL_SYMBOL(global_init, "curl_global_init")
  AETHER_CURL_SYMBOL(easy_init, "curl_easy_init")
  AETHER_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
  AETHER_CURL_SYMBOL(easy_reset, "curl_easy_reset")
  AETHER_CURL_SYMBOL(easy_perform, "curl_easy_perform")
  AETHER_CURL_SYMBOL(easy_strerror, "curl_easy_strerror")
  AETHER_CURL_SYMBOL(easy_setopt, "curl_easy_setopt")
  AETHER_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
  AETHER_CURL_SYMBOL(slist_append, "curl_slist_append")
  AETHER_CURL_SYMBOL(slist_free_all, "curl_slist_free_all")
  AETHER_CURL_SYMBOL(version, "curl_version")
#undef AETHER_CURL_SYMBOL
  curl_loaded = 1;
}

const char *aether_curl_load(void) {
  pthread_once(&curl_once, curl_open);
  return curl_loaded ? NULL : curl_error;
}

/* The functions below are only called after aether_curl_load() returned NULL
 * (HTTPClient checks it before making a handle). */
int aether_curl_global_init(long flags) { return curl.global_init(flags); }
void *aether_curl_easy_init(void) { return curl.easy_init(); }
void aether_curl_easy_cleanup(void *h) { curl.easy_cleanup(h); }
void aether_curl_easy_reset(void *h) { curl.easy_reset(h); }
int aether_curl_easy_perform(void *h) { return curl.easy_perform(h); }
const char *aether_curl_easy_strerror(int code) { return curl.easy_strerror((CURLcode)code); }
void *aether_curl_slist_append(void *list, const char *line) {
  return curl.slist_append((struct curl_slist *)list, line);
}
void aether_curl_slist_free_all(void *list) { curl.slist_free_all((struct curl_slist *)list); }
const char *aether_curl_version(void) { return aether_curl_load() ? NULL : curl.version(); }

int aether_curl_setopt_long(void *h, int opt, long value) {
  return curl.easy_setopt(h, (CURLoption)opt, value);
}
int aether_curl_setopt_ptr(void *h, int opt, const void *value) {
  return curl.easy_setopt(h, (CURLoption)opt, value);
}
int aether_curl_setopt_off(void *h, int opt, int64_t value) {
  return curl.easy_setopt(h, (CURLoption)opt, (curl_off_t)value);
}
int aether_curl_setopt_data_cb(void *h, int opt, aether_curl_data_cb cb) {
  return curl.easy_setopt(h, (CURLoption)opt, cb);
}
int aether_curl_setopt_xferinfo_cb(void *h, aether_curl_xferinfo_cb cb) {
  /* curl_off_t is int64_t-sized on every platform curl supports. */
  return curl.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, (curl_xferinfo_callback)cb);
}
int aether_curl_getinfo_long(void *h, int info, long *out) {
  return curl.easy_getinfo(h, (CURLINFO)info, out);
}
int aether_curl_getinfo_double(void *h, int info, double *out) {
  return curl.easy_getinfo(h, (CURLINFO)info, out);
}
int aether_curl_getinfo_string(void *h, int info, const char **out) {
  return curl.easy_getinfo(h, (CURLINFO)info, out);
}
int aether_curl_getinfo_off(void *h, int info, int64_t *out) {
  curl_off_t v = 0;
  CURLcode rc = curl.easy_getinfo(h, (CURLINFO)info, &v);
  *out = (int64_t)v;
  return rc;
}

int aether_el_set_int(EditLine *el, int op, int value) { return el_set(el, op, value); }
int aether_el_set_string(EditLine *el, int op, const char *value) {
  return el_set(el, op, value);
}
int aether_el_set_prompt(EditLine *el, int op, aether_el_prompt_fn fn) {
  return el_set(el, op, fn);
}
int aether_el_set_prompt_esc(EditLine *el, int op, aether_el_prompt_fn fn, char esc) {
  return el_set(el, op, fn, esc);
}
int aether_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
int aether_el_set_addfn(EditLine *el, const char *name, const char *help, aether_el_cmd_fn fn) {
  return el_set(el, EL_ADDFN, name, help, fn);
}
int aether_el_set_bind(EditLine *el, const char *key, const char *command) {
  return el_set(el, EL_BIND, key, command, (const char *)NULL);
}
int aether_el_set_clientdata(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}
void *aether_el_get_clientdata(EditLine *el) {
  void *data = NULL;
  if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
  return data;
}
int aether_el_refresh(EditLine *el) { return el_set(el, EL_REFRESH); }
int aether_el_set_setty(EditLine *el, const char *mode, const char *setting) {
  return el_set(el, EL_SETTY, mode, setting, (const char *)NULL);
}

int aether_history_op(struct history *h, struct HistEvent *ev, int op) { return history(h, ev, op); }
int aether_history_op_int(struct history *h, struct HistEvent *ev, int op, int value) {
  return history(h, ev, op, value);
}
int aether_history_op_string(struct history *h, struct HistEvent *ev, int op, const char *value) {
  return history(h, ev, op, value);
}

static volatile sig_atomic_t aether_pending = 0;
static volatile sig_atomic_t aether_term_signal = 0;
static volatile sig_atomic_t aether_hard_exit = 0;
static volatile sig_atomic_t aether_newline_fd = -1;
/* Set while ECHOCTL is off: the handler echoes the ^C itself. */
static volatile sig_atomic_t aether_echo_caret = 0;

static void aether_on_sigint(int sig) {
  (void)sig;
  if (aether_pending && aether_hard_exit) _exit(130);
  if (!aether_pending && aether_newline_fd >= 0) {
    int saved = errno;
    ssize_t ignored = aether_echo_caret ? write(aether_newline_fd, "^C\n", 3) : write(aether_newline_fd, "\n", 1);
    (void)ignored;
    errno = saved;
  }
  aether_pending = 1;
}

void aether_interrupt_newline_on(int fd) { aether_newline_fd = fd; }

static struct termios aether_saved_termios;
static int aether_termios_saved = 0;

int aether_terminal_echoctl_off(int fd) {
  struct termios t;
  if (tcgetattr(fd, &t) != 0) return -1;
  aether_saved_termios = t;
  aether_termios_saved = 1;
  if (!(t.c_lflag & ECHOCTL) || !(t.c_lflag & ECHO)) return 0;
  t.c_lflag &= ~(tcflag_t)ECHOCTL;
  if (tcsetattr(fd, TCSANOW, &t) != 0) return -1;
  aether_echo_caret = 1;
  return 0;
}

void aether_terminal_echoctl_restore(int fd) {
  aether_echo_caret = 0;
  if (aether_termios_saved) tcsetattr(fd, TCSANOW, &aether_saved_termios);
  aether_termios_saved = 0;
}

/* SIGTERM or SIGHUP (timeout, CI cancellation, systemd, a closed terminal):
 * stop like Ctrl-C, so work that accounts for itself (produce's summary)
 * still says what it did; the process then ends by that signal. A second
 * one ends it at once. */
/* Set while the interactive shell waits at its prompt: nothing is running
 * that could say what it did, so the signal ends the process at once, as its
 * default action would (a closed terminal must not leave a shell behind). */
static volatile sig_atomic_t aether_at_prompt = 0;

void aether_prompt_waiting(int on) { aether_at_prompt = on ? 1 : 0; }

static void aether_on_term(int sig) {
  if (aether_at_prompt) {
    signal(sig, SIG_DFL);
    raise(sig);
    _exit(128 + sig);
  }
  if (aether_term_signal) _exit(128 + sig);
  aether_term_signal = sig;
  aether_pending = 1;
  /* Whatever the work is doing, the process is gone within ten seconds: a
   * shell whose terminal closed must never outlive it (SIGALRM's default
   * action ends the process; nothing here sets one). */
  alarm(10);
}

int aether_termination_signal(void) { return aether_term_signal; }
/* A server whose normal end is SIGTERM (`sandbox serve`) ends by its own status. */
void aether_termination_forget(void) {
  alarm(0);
  aether_term_signal = 0;
  aether_pending = 0;
}

void aether_end_by_signal(int sig) {
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
  raise(sig);
  _exit(128 + sig);
}

void aether_interrupt_install(int hard_exit) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = aether_on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: blocking calls see EINTR */
  aether_hard_exit = hard_exit ? 1 : 0;
  sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = aether_on_term;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  /* A parent may have spawned us with these blocked (the mask is inherited);
   * Ctrl-C, kill and a closed terminal (SIGHUP) must still reach us: a shell
   * that outlives its terminal is a leak. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int aether_interrupt_pending(void) { return aether_pending != 0; }
/* A SIGTERM or SIGHUP stays pending: clearing Ctrl-C (a fresh prompt, a
 * question) must not swallow a request to end. */
void aether_interrupt_clear(void) {
  if (!aether_term_signal) aether_pending = 0;
}

int aether_sleep(double seconds) {
  if (!(seconds > 0)) return !aether_pending;
  struct timespec end, now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  end = now;
  end.tv_sec += (time_t)seconds;
  end.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
  if (end.tv_nsec >= 1000000000L) { end.tv_sec += 1; end.tv_nsec -= 1000000000L; }
  while (!aether_pending) {
    int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &end, NULL);
    if (rc == 0) return 1;
    if (rc != EINTR) return 1;
  }
  return 0;
}

static volatile sig_atomic_t aether_terminate = 0;
static volatile sig_atomic_t aether_resized = 0;
static struct sigaction aether_saved_term, aether_saved_hup, aether_saved_winch;

static void aether_on_terminate(int sig) {
  (void)sig;
  aether_terminate = 1;
}

static void aether_on_winch(int sig) {
  (void)sig;
  aether_resized = 1;
}

void aether_screen_signals_install(void) {
  /* Cleared first: a signal arriving while the handlers go in is kept. */
  aether_terminate = 0;
  aether_resized = 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sa.sa_handler = aether_on_terminate;
  sigaction(SIGTERM, &sa, &aether_saved_term);
  sigaction(SIGHUP, &sa, &aether_saved_hup);
  sa.sa_handler = aether_on_winch;
  sigaction(SIGWINCH, &sa, &aether_saved_winch);
}

void aether_screen_signals_restore(void) {
  sigaction(SIGTERM, &aether_saved_term, NULL);
  sigaction(SIGHUP, &aether_saved_hup, NULL);
  sigaction(SIGWINCH, &aether_saved_winch, NULL);
}

int aether_terminate_pending(void) { return aether_terminate != 0; }

int aether_resize_take(void) {
  if (!aether_resized) return 0;
  aether_resized = 0;
  return 1;
}

int aether_produce(struct rd_kafka_s *rk, struct rd_kafka_topic_s *rkt, int32_t partition, const void *key,
                   size_t key_len, const void *value, size_t value_len,
                   struct rd_kafka_headers_s *headers, int64_t timestamp_ms, void *msg_opaque) {
  rd_kafka_vu_t vus[8];
  size_t n = 0;
  /* A topic handle, not a name: saves librdkafka a lookup and a lock per message. */
  vus[n].vtype = RD_KAFKA_VTYPE_RKT;
  vus[n++].u.rkt = rkt;
  vus[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vus[n++].u.i = RD_KAFKA_MSG_F_COPY;
  vus[n].vtype = RD_KAFKA_VTYPE_OPAQUE;
  vus[n++].u.ptr = msg_opaque;
  if (partition >= 0) {
    vus[n].vtype = RD_KAFKA_VTYPE_PARTITION;
    vus[n++].u.i32 = partition;
  }
  if (key) {
    vus[n].vtype = RD_KAFKA_VTYPE_KEY;
    vus[n].u.mem.ptr = (void *)key;
    vus[n++].u.mem.size = key_len;
  }
  vus[n].vtype = RD_KAFKA_VTYPE_VALUE;
  vus[n].u.mem.ptr = (void *)value;
  vus[n++].u.mem.size = value ? value_len : 0;
  if (timestamp_ms > 0) {
    vus[n].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    vus[n++].u.i64 = timestamp_ms;
  }
  if (headers) {
    vus[n].vtype = RD_KAFKA_VTYPE_HEADERS;
    vus[n++].u.headers = headers;
  }
  rd_kafka_error_t *error = rd_kafka_produceva(rk, vus, n);
  if (!error) return RD_KAFKA_RESP_ERR_NO_ERROR;
  rd_kafka_resp_err_t code = rd_kafka_error_code(error);
  rd_kafka_error_destroy(error);
  return code;
}

FILE *aether_stdin(void) { return stdin; }
FILE *aether_stdout(void) { return stdout; }
FILE *aether_stderr(void) { return stderr; }

int aether_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int aether_accept_cloexec(int listener) { return accept4(listener, NULL, NULL, SOCK_CLOEXEC); }
