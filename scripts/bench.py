"""The benchmark runner behind scripts/bench.

Each case is a pair (aetherctl, peer) run alternately after one warm-up of
each; wall time, CPU time (user + system) and peak RSS (ru_maxrss of the
child, via wait4) per run; the table shows medians. Whole processes are
timed, start-up included. Produce and tail run on two brokers: librdkafka's
mock cluster (`sandbox serve`, in another process over loopback TCP) and a
real broker process, noida-db (scripts/setup installs it)."""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, tempfile, textwrap, time

p = argparse.ArgumentParser()
p.add_argument("--bin", required=True)
# Nine rounds: produce and tail share two cores with the served cluster, and
# medians of five moved by ±7 % from run to run (docs/BENCHMARKS.md).
p.add_argument("--rounds", type=int, default=9)
p.add_argument("--json", action="store_true")
p.add_argument("--quick", action="store_true", help="100,000 messages instead of 1,000,000")
SECTIONS = ("mock", "noida", "lag", "memory", "start")
p.add_argument("--only", action="append", choices=SECTIONS,
               help="run only these sections (repeatable; default all): mock and noida are produce and tail "
               "on each broker, lag the group reads (lag, groups, the dashboard), memory the bounded-memory cases, start start-up")
args = p.parse_args()


def want(section):
    return not args.only or section in args.only

AETHER = args.bin
MESSAGES = 100_000 if args.quick else 1_000_000
work = tempfile.mkdtemp(prefix="aether-bench-")
# Gone however the run ends (a failed case exits through sys.exit).
import atexit
atexit.register(shutil.rmtree, work, True)
env = dict(os.environ, XDG_CONFIG_HOME=work + "/config", XDG_STATE_HOME=work + "/state", XDG_CACHE_HOME=work + "/cache")
env.pop("AETHER_BROKERS", None)
env.pop("AETHER_PROFILE", None)


def serve(*extra):
    """A served sandbox; returns (process, bootstrap)."""
    proc = subprocess.Popen([AETHER, "sandbox", "serve", *extra], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    line = proc.stdout.readline().strip()
    if not line:
        sys.exit("bench: sandbox serve did not print its address")
    return proc, line.split()[-1]


def run(argv, stdout=subprocess.DEVNULL, shell=False):
    """Wall seconds, peak RSS (KiB) and CPU seconds of one whole process."""
    out = open(stdout, "wb") if isinstance(stdout, str) else stdout
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, shell=shell)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if status != 0:
        sys.exit(f"bench: {argv if not shell else argv} failed ({status}): {err[-500:]}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def pair(name, a, b, peer, target, rss_target=None, setup=None, broker="—", cpu_target=None, **kw):
    """A B A B … after one warm-up each."""
    if setup:
        setup()
    run(a, **kw)
    run(b, **kw)
    ta, tb, ra, rb, ca, cb = [], [], [], [], [], []
    for _ in range(args.rounds):
        w, r, c = run(a, **kw)
        ta.append(w)
        ra.append(r)
        ca.append(c)
        w, r, c = run(b, **kw)
        tb.append(w)
        rb.append(r)
        cb.append(c)
    ma, mb = statistics.median(ta), statistics.median(tb)
    mca, mcb = statistics.median(ca), statistics.median(cb)
    return dict(case=name, broker=broker, peer=peer, aether_s=ma, peer_s=mb, ratio=ma / mb, target=target,
                aether_cpu_s=mca, peer_cpu_s=mcb, cpu_ratio=mca / mcb if mcb > 0 else None,
                aether_rss_kib=max(ra), peer_rss_kib=max(rb), rss_target=rss_target, cpu_target=cpu_target,
                met=ma / mb <= target and (rss_target is None or max(ra) / max(rb) <= rss_target)
                and (cpu_target is None or mcb > 0 and mca / mcb <= cpu_target))


def noida():
    """A noida-db broker on a free port with a data directory in `work`; returns (process, bootstrap)."""
    import socket
    exe = shutil.which("noida-db") or "/usr/local/bin/noida-db"
    if not os.path.exists(exe):
        sys.exit("bench: noida-db is not installed: run scripts/setup")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(work + f"/noida-{port}.log", "w")
    proc = subprocess.Popen([exe, "start", "--only", "kafka", "--host", "127.0.0.1", "--kafka-port", str(port),
                             "--data-dir", work + f"/noida-{port}"], stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                proc.wait()
                with open(log.name) as f:
                    sys.exit(f"bench: noida-db did not start: {f.read()[-500:]}")
            time.sleep(0.02)
    return proc, f"127.0.0.1:{port}"


def create_topics(bootstrap, partitions, *names):
    """CreateTopics through librdkafka (a small C program, built once): noida-db serves topic admin."""
    subprocess.run([c_program("create-topics", CREATE_TOPICS_C), bootstrap, str(partitions), *names], check=True)


# What the bench's C programs share: a producer-type handle on argv[1], as aetherctl's client is.
C_CLIENT = r"""
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
static rd_kafka_t *client(const char *bootstrap) {
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) { fprintf(stderr, "%s\n", err); exit(1); }
  return rk;
}
"""

CREATE_TOPICS_C = r"""
int main(int argc, char **argv) {
  char err[512];
  rd_kafka_t *rk = client(argv[1]);
  int n = argc - 3;
  rd_kafka_NewTopic_t **topics = calloc(n, sizeof *topics);
  for (int i = 0; i < n; i++) topics[i] = rd_kafka_NewTopic_new(argv[3 + i], atoi(argv[2]), 1, err, sizeof err);
  rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, topics, n, NULL, q);
  rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 10000);
  int rc = !ev || rd_kafka_event_error(ev);
  if (!rc) {
    size_t cnt;
    const rd_kafka_topic_result_t **res = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &cnt);
    for (size_t i = 0; i < cnt; i++)
      if (rd_kafka_topic_result_error(res[i])) {
        fprintf(stderr, "%s: %s\n", rd_kafka_topic_result_name(res[i]), rd_kafka_err2str(rd_kafka_topic_result_error(res[i])));
        rc = 1;
      }
  }
  if (ev) rd_kafka_event_destroy(ev);
  rd_kafka_NewTopic_destroy_array(topics, n);
  rd_kafka_queue_destroy(q);
  rd_kafka_destroy(rk);
  return rc;
}
"""


LAG_C = r"""
/* lag of a group the way `aetherctl lag GROUP --no-time` asks it: OffsetFetch,
 * Metadata, ListOffsets for log start and log end, DescribeGroups; prints the total. */
static rd_kafka_event_t *wait_for(rd_kafka_queue_t *q, rd_kafka_event_type_t type) {
  for (;;) {
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 10000);
    if (!ev) { fprintf(stderr, "timed out\n"); exit(1); }
    if (rd_kafka_event_type(ev) == type) return ev;
    rd_kafka_event_destroy(ev);
  }
}
int main(int argc, char **argv) {
  rd_kafka_t *rk = client(argv[1]);
  const char *group = argv[2];
  rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
  rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(group, NULL);
  rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, NULL, q);
  rd_kafka_ListConsumerGroupOffsets_destroy(req);
  rd_kafka_event_t *ev = wait_for(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT);
  size_t n;
  const rd_kafka_group_result_t **groups =
      rd_kafka_ListConsumerGroupOffsets_result_groups(rd_kafka_event_ListConsumerGroupOffsets_result(ev), &n);
  if (n != 1 || rd_kafka_group_result_error(groups[0])) { fprintf(stderr, "offset fetch failed\n"); return 1; }
  rd_kafka_topic_partition_list_t *committed = rd_kafka_topic_partition_list_copy(rd_kafka_group_result_partitions(groups[0]));
  rd_kafka_event_destroy(ev);
  const struct rd_kafka_metadata *md;
  if (rd_kafka_metadata(rk, 1, NULL, &md, 10000)) { fprintf(stderr, "metadata failed\n"); return 1; }
  rd_kafka_metadata_destroy(md);
  rd_kafka_topic_partition_list_t *low = rd_kafka_topic_partition_list_copy(committed);
  rd_kafka_topic_partition_list_t *high = rd_kafka_topic_partition_list_copy(committed);
  for (int i = 0; i < committed->cnt; i++) { low->elems[i].offset = -2; high->elems[i].offset = -1; }
  if (rd_kafka_offsets_for_times(rk, low, 10000) || rd_kafka_offsets_for_times(rk, high, 10000)) {
    fprintf(stderr, "list offsets failed\n"); return 1;
  }
  const char *groups_arg[] = {group};
  rd_kafka_DescribeConsumerGroups(rk, groups_arg, 1, NULL, q);
  rd_kafka_event_destroy(wait_for(q, RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT));
  long long total = 0;
  for (int i = 0; i < committed->cnt; i++)
    if (committed->elems[i].offset >= 0) total += high->elems[i].offset - committed->elems[i].offset;
  printf("%lld\n", total);
  rd_kafka_topic_partition_list_destroy(committed);
  rd_kafka_topic_partition_list_destroy(low);
  rd_kafka_topic_partition_list_destroy(high);
  rd_kafka_queue_destroy(q);
  rd_kafka_destroy(rk);
  return 0;
}
"""


def c_program(name, source):
    """A C program of the bench's own, built once with librdkafka."""
    path = work + "/" + name
    if not os.path.exists(path):
        with open(path + ".c", "w") as f:
            f.write(C_CLIENT + source)
        subprocess.run(["cc", "-O2", "-o", path, path + ".c", "-lrdkafka"], check=True)
    return path


def events_file(count):
    """`count` lines of the produce template, numbered: what kcat sends and seeds."""
    path = work + f"/events-{count}.jsonl"
    if not os.path.exists(path):
        with open(path, "w") as f:
            for i in range(1, count + 1):
                f.write(template.replace("{{seq}}", str(i)) + "\n")
    return path


def produce_and_tail(bootstrap, broker, count, tail_topic, tail_count, extra=()):
    """1. produce: a {{seq}} template against kcat -P -l on a file of the same lines.
    2. tail everything retained in `tail_topic`, stop at the end, to /dev/null.
    `extra`: librdkafka properties given to both sides alike."""
    x = [a for kv in extra for a in ("-X", kv)]
    results.append(pair(
        f"produce {count:,} JSON events (~110 B)",
        [AETHER, "-b", bootstrap, *x, "-o", "plain", "produce", "bench.produce", template, "--count", str(count)],
        ["kcat", "-b", bootstrap, *x, "-P", "-t", "bench.kcat", "-l", events_file(count)],
        "kcat -P -l", 1.0, rss_target=1.5, broker=broker))
    results.append(pair(
        f"tail all retained to /dev/null ({tail_topic}: {tail_count})",
        [AETHER, "-b", bootstrap, *x, "tail", tail_topic, "--from", "beginning", "--no-follow", "--format", "%s\\n"],
        ["kcat", "-b", bootstrap, *x, "-C", "-t", tail_topic, "-o", "beginning", "-e", "-q", "-f", "%s\\n"],
        "kcat -C -e", 1.0, rss_target=1.5, broker=broker))


results = []
template = '{"Type":"JobCreated","TenantId":"00000000-0000-0000-0000-000000000001","Seq":{{seq}},"Ts":"2025-11-02T00:00:00Z"}'
if want("mock"):
    cluster, bootstrap = serve("--partitions", "16", "--topic", "bench.produce", "--topic", "bench.kcat")
    try:
        # The mock keeps about 5 MB a partition: the tail reads what the produce rounds left.
        produce_and_tail(bootstrap, "mock", MESSAGES, "bench.produce", "what the mock kept of the rounds")
    finally:
        cluster.kill()
        cluster.wait()
if want("noida"):
    # The pipeline's shape (issue 34): 300,000 JSON events of ~110 B on 3 partitions, a tenth as
    # many with --quick. noida-db keeps everything in memory (about 450 MB per million of these
    # events; the produce rounds add up to a few GB). It answers a fetch with whole partitions,
    # past librdkafka's 100 MB bound on a response: both sides get the same
    # receive.message.max.bytes. Tails read a topic seeded once, not the produce topics.
    NOIDA_MESSAGES = 30_000 if args.quick else 300_000
    broker, bootstrap = noida()
    try:
        create_topics(bootstrap, 3, "bench.produce", "bench.kcat", "bench.tail")
        events = events_file(NOIDA_MESSAGES)
        run(["kcat", "-b", bootstrap, "-P", "-t", "bench.tail", "-l", events])
        x = ["-X", "receive.message.max.bytes=1000000000"]
        n = f"{NOIDA_MESSAGES:,}"
        kcat_tail = ["kcat", "-b", bootstrap, *x, "-C", "-t", "bench.tail", "-o", "beginning", "-e", "-q"]
        aether_tail = [AETHER, "-b", bootstrap, *x, "tail", "bench.tail", "--from", "beginning", "--no-follow"]
        results.append(pair(f"tail -o plain, all {n} to /dev/null", [*aether_tail, "-o", "plain"], kcat_tail,
                            "kcat -C -e -q", 0.8, rss_target=1.2, cpu_target=1.0, broker="noida-db"))
        results.append(pair(f"tail --format '%s\\n', all {n}", [*aether_tail, "--format", "%s\\n"],
                            [*kcat_tail, "-f", "%s\\n"], "kcat -f '%s\\n'", 1.0, broker="noida-db"))
        results.append(pair(f"tail -o json, all {n}", [*aether_tail, "-o", "json"], [*kcat_tail, "-J"],
                            "kcat -J", 1.5, broker="noida-db"))
        # Produce last: the rounds leave noida-db holding millions more records, which slowed
        # every tail after them (both tools alike, but unevenly from run to run).
        # Both idempotent with acks=all: what aetherctl always is, and the pipeline's producers.
        results.append(pair(
            f"produce --file, {n} JSON events (~110 B)",
            [AETHER, "-b", bootstrap, *x, "-o", "plain", "produce", "bench.produce", "--file", events],
            ["kcat", "-b", bootstrap, *x, "-X", "enable.idempotence=true", "-X", "acks=all", "-P", "-t", "bench.kcat",
             "-l", events],
            "kcat -P -l, idempotent", 0.9, rss_target=1.5, broker="noida-db"))
    finally:
        # Killed, not terminated: on SIGTERM noida-db writes its whole state out (gigabytes
        # here), and the data goes with `work` anyway.
        broker.kill()
        broker.wait()

if want("lag"):
    # lag of a group on 1,000 partitions of a real broker (issue 34), against a C program making
    # the same requests through librdkafka: OffsetFetch, Metadata, ListOffsets for each side,
    # DescribeGroups. Every partition holds messages and the group sits at the start.
    broker, bootstrap = noida()
    try:
        create_topics(bootstrap, 1000, "wide")
        run([AETHER, "-b", bootstrap, "-c", "for p in 0..999\nproduce wide 'x{{seq}}' --partition $p --count 3\nend\n"
             "group seek bench-group --topic wide --to start --execute"])
        lag_c = c_program("lag", LAG_C)
        same = subprocess.run([lag_c, bootstrap, "bench-group"], capture_output=True, text=True, check=True).stdout
        ours = subprocess.run([AETHER, "-b", bootstrap, "-o", "plain", "lag", "bench-group", "--total", "--no-time"],
                              capture_output=True, text=True, env=env, check=True).stdout
        if same.strip() != ours.strip() or same.strip() != "3000":
            sys.exit(f"bench: lag answers differ: C {same.strip()}, aetherctl {ours.strip()}")
        results.append(pair(
            "lag GROUP --no-time, 1,000 partitions", [AETHER, "-b", bootstrap, "lag", "bench-group", "--no-time"],
            [lag_c, bootstrap, "bench-group"], "C program, same requests", 2.0, broker="noida-db"))
        # `groups` with 500 groups, each committed on a topic of 3 partitions: a bounded number of
        # requests (ListGroups, DescribeGroups, the OffsetFetches sent together, Metadata,
        # ListOffsets for each side), at most 2 s of wall time.
        create_topics(bootstrap, 3, "narrow")
        run([AETHER, "-b", bootstrap, "-c", "produce narrow 'x{{seq}}' --count 300\nfor i in 1..500\n"
             "group seek g$i --topic narrow --to start --execute\nend\n"])
        traced = subprocess.run([AETHER, "-b", bootstrap, "-v", "groups"], capture_output=True, text=True, env=env,
                                check=True).stderr
        asked = sum(1 for line in traced.splitlines() if line.startswith("debug: kafka: "))
        runs = [run([AETHER, "-b", bootstrap, "groups"]) for _ in range(args.rounds)]
        wall = statistics.median(w for w, _, _ in runs)
        results.append(dict(case=f"groups, 501 groups ({asked} request calls, one of them 501 OffsetFetches at once)",
                            broker="noida-db", peer="2 s", aether_s=wall, peer_s=2.0, ratio=wall / 2.0, target=1.0,
                            aether_cpu_s=statistics.median(c for _, _, c in runs), peer_cpu_s=0, cpu_ratio=None,
                            aether_rss_kib=max(r for _, r, _ in runs), peer_rss_kib=max(r for _, r, _ in runs),
                            rss_target=None, met=wall <= 2.0))
    finally:
        broker.kill()
        broker.wait()

if want("lag"):
    # 3. lag over 1,000 partitions against 3 partitions: the cost must not grow with round trips per partition.
    # Every partition holds messages and the group sits at the start, so every partition lags.
    wide, wide_bootstrap = serve("--partitions", "1000", "--topic", "wide")
    narrow, narrow_bootstrap = serve("--partitions", "3", "--topic", "narrow")
    try:
        for bs, topic, n in ((wide_bootstrap, "wide", 1000), (narrow_bootstrap, "narrow", 3)):
            run([AETHER, "-b", bs, "-c", f"for p in 0..{n - 1}\nproduce {topic} 'x{{{{seq}}}}' --partition $p --count {3000 // n}\nend\n"
                 f"group seek bench-group --topic {topic} --to start --execute"])
        results.append(pair(
            "lag GROUP, 1,000 partitions (--no-time)",
            [AETHER, "-b", wide_bootstrap, "lag", "bench-group", "--topic", "wide", "--no-time"],
            [AETHER, "-b", narrow_bootstrap, "lag", "bench-group", "--topic", "narrow", "--no-time"],
            "same over 3 partitions", 3.0))
        # 3b. the time lag (one message read per lagging partition, one fetch per leader) against none.
        results.append(pair(
            "lag GROUP with time lag, 1,000 lagging partitions",
            [AETHER, "-b", wide_bootstrap, "lag", "bench-group", "--topic", "wide"],
            [AETHER, "-b", wide_bootstrap, "lag", "bench-group", "--topic", "wide", "--no-time"],
            "same with --no-time", 3.0))
    finally:
        for c in (wide, narrow):
            c.kill()
            c.wait()

if want("lag"):
    # 3c. the dashboard between refreshes: it must sleep. 10 s at --every 5s in a pseudo-terminal,
    # its own CPU time (user + system, all threads) against the wall time; Prometheus and
    # Alertmanager at a closed port (refused at once), so what is measured is aetherctl.
    def dashboard_cpu(bootstrap, seconds=10.0):
        import pty, select, struct, fcntl, termios
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(AETHER, [AETHER, "-b", bootstrap, "-p", "http://127.0.0.1:9", "--alertmanager", "http://127.0.0.1:9",
                               "dashboard", "bench-group", "--topic", "narrow", "--every", "5s"], dict(env, TERM="xterm"))
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        start = time.perf_counter()
        def drain(until):
            while time.perf_counter() < until:
                r, _, _ = select.select([fd], [], [], 0.1)
                if r:
                    try:
                        if not os.read(fd, 65536):
                            return
                    except OSError:
                        return
        drain(start + seconds)
        os.write(fd, b"q")
        drain(time.perf_counter() + 5)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        os.close(fd)
        if status != 0:
            sys.exit(f"bench: dashboard ended with {status}")
        return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss


    narrow, narrow_bootstrap = serve("--partitions", "3", "--topic", "narrow")
    try:
        run([AETHER, "-b", narrow_bootstrap, "-c", "produce narrow 'x{{seq}}' --key '{{seq}}' --count 3000\n"
             "group seek bench-group --topic narrow --to start --execute"])
        cpu, wall, rss = dashboard_cpu(narrow_bootstrap)
        results.append(dict(case="dashboard --every 5s for 10 s: CPU time / wall time", peer="wall time", aether_s=cpu,
                            peer_s=wall, ratio=cpu / wall, target=0.02, aether_rss_kib=rss, peer_rss_kib=rss,
                            rss_target=None, met=cpu / wall <= 0.02))
    finally:
        narrow.kill()
        narrow.wait()

if want("memory"):
    # 3b. memory bounded by the answer (issue 29): a 20 MB Prometheus range answer (2,200 series of 400
    # samples) read by `prom range` in plain and JSON form, against the answer's own size: peak RSS at
    # most 10x the body and at most 3 s of wall time, medians of three. The answer is built and served
    # by a separate process: on Linux a child's peak RSS includes its parent's at fork, so this
    # process must stay small for every measurement after it.
    ANSWER_SERVER = r"""
    import http.server, json, sys
    result = [{"metric": {"__name__": "kafka_consumergroup_lag", "consumergroup": "crm-events-sse",
                          "partition": str(s), "topic": "aetherlink.events", "instance": "127.0.0.1:9308", "job": "kafka"},
               "values": [[1765000000 + i * 15, str(s * 1.5 + i)] for i in range(400)]} for s in range(2200)]
    answer = json.dumps({"status": "success", "data": {"resultType": "matrix", "result": result}}, separators=(",", ":")).encode()
    del result
    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        do_POST = do_GET
        def log_message(self, *a):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    print(server.server_address[1], len(answer), flush=True)
    server.serve_forever()
    """
    # Dedented: the program is written at this block's indentation.
    answer_server = subprocess.Popen([sys.executable, "-c", textwrap.dedent(ANSWER_SERVER)], stdout=subprocess.PIPE,
                                     text=True)
    try:
        port, answer_bytes = (int(x) for x in answer_server.stdout.readline().split())
        prom = f"http://127.0.0.1:{port}"
        for form in ("plain", "json"):
            runs = [run([AETHER, "-p", prom, "prom", "range", "x", "--since", "100m", "-o", form]) for _ in range(3)]
            wall = statistics.median(w for w, _, _ in runs)
            rss = max(r for _, r, _ in runs)
            body_kib = answer_bytes / 1024
            results.append(dict(case=f"prom range on a {answer_bytes / 1e6:.0f} MB answer, -o {form}: peak RSS / body",
                                peer="body size", aether_s=wall, peer_s=3.0, ratio=rss / body_kib, target=10.0,
                                aether_rss_kib=rss, peer_rss_kib=body_kib, rss_target=None,
                                met=rss / body_kib <= 10.0 and wall <= 3.0))
    finally:
        answer_server.kill()
        answer_server.wait()

    # 3c. a 16 MB script of two million lines, checked (--check) and run: peak RSS against its size
    # (issue 29: 1.7 GB before scripts over 4 MiB were read a statement at a time), target 10x.
    big_script = work + "/big.actl"
    with open(big_script, "w") as f:
        for i in range(2_000_000):
            f.write(f"set x {i}\n")
    script_kib = os.path.getsize(big_script) / 1024
    for mode in (["--check"], []):
        wall, rss, _ = run([AETHER, "-f", big_script, *mode])
        results.append(dict(case=f"a {script_kib / 1024:.0f} MiB script of 2,000,000 lines{' --check' if mode else ', run'}: peak RSS / size",
                            peer="script size", aether_s=wall, peer_s=wall, ratio=rss / script_kib, target=10.0,
                            aether_rss_kib=rss, peer_rss_kib=script_kib, rss_target=None, met=rss / script_kib <= 10.0))

if want("start"):
    # 4./5. start-up and the completion callback against a C program that only links the same libraries.
    # The floor must really load them: a program that merely names the functions can be linked
    # --as-needed down to libc alone (the first and second runs measured that by mistake), so
    # the flags come before the libraries, main calls into each, and ldd proves the result.
    floor_src = work + "/floor.c"
    floor = work + "/floor"
    with open(floor_src, "w") as f:
        f.write('#include <librdkafka/rdkafka.h>\n#include <curl/curl.h>\n#include <histedit.h>\n'
                'int main(void) { return rd_kafka_version() == 0 || curl_version() == NULL || el_init == NULL; }\n')
    subprocess.run(["cc", "-O2", "-o", floor, floor_src, "-Wl,--no-as-needed", "-lrdkafka", "-lcurl", "-ledit"], check=True)
    linked = subprocess.run(["ldd", floor], capture_output=True, text=True, check=True).stdout
    for lib in ("librdkafka.so", "libcurl.so", "libedit.so"):
        if lib not in linked:
            sys.exit(f"bench: the C floor does not load {lib}:\n{linked}")
    results.append(pair("aetherctl --version", [AETHER, "--version"], [floor], "C floor (links the same libraries)", 2.0))
    results.append(pair("aetherctl -c 'echo hi'", [AETHER, "-c", "echo hi"], [floor], "C floor", 2.0))
    os.makedirs(work + "/cache/aetherctl", exist_ok=True)
    with open(work + "/cache/aetherctl/names", "w") as f:
        # Names are kept per cluster: these are the default profile's (localhost:9092), read now.
        place = "kafka localhost:9092"
        f.write(f"at\t{place}\t{int(time.time())}\n" + "".join(f"topic\t{place}\tt{i}\n" for i in range(200))
                + f"group\t{place}\tcrm-events-sse\n")
    results.append(pair("completion callback (topic names)",
                        [AETHER, "---completion", "tail", "--", "positional@0", "1", "1", "tail", "t1"], [floor],
                        "C floor", 3.0))

    # 6. the interpreter against bash.
    results.append(pair("interpreter: for i in 1..100000; set x $i; end",
                        [AETHER, "-c", "for i in 1..100000; set x $i; end"],
                        ["bash", "-c", "for ((i = 1; i <= 100000; i++)); do x=$i; done"], "bash", 1.0))

shutil.rmtree(work, ignore_errors=True)

if args.json:
    print(json.dumps(dict(date=time.strftime("%Y-%m-%d"), machine=f"{platform.node()} {platform.machine()}, "
                          f"{os.cpu_count()} cores", rounds=args.rounds, results=results), indent=2))
else:
    print(f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, {args.rounds} rounds, medians\n")
    print("| case | broker | aetherctl | peer | peer median | ratio | target | CPU aetherctl / peer | peak RSS aetherctl / peer | met |")
    print("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        rss = f"{r['aether_rss_kib'] / 1024:.1f} / {r['peer_rss_kib'] / 1024:.1f} MiB"
        if r["rss_target"]:
            rss += f" ({r['aether_rss_kib'] / r['peer_rss_kib']:.2f}, ≤ {r['rss_target']})"
        cpu = "—"
        if r.get("cpu_ratio") is not None:
            cpu = f"{r['aether_cpu_s'] * 1000:.0f} / {r['peer_cpu_s'] * 1000:.0f} ms ({r['cpu_ratio']:.2f})"
            if r.get("cpu_target"):
                cpu = cpu[:-1] + f", ≤ {r['cpu_target']})"
        print(f"| {r['case']} | {r.get('broker', '—')} | {r['aether_s'] * 1000:.1f} ms | {r['peer']} | "
              f"{r['peer_s'] * 1000:.1f} ms | {r['ratio']:.2f} | ≤ {r['target']} | {cpu} | {rss} | "
              f"{'yes' if r['met'] else '**no**'} |")
