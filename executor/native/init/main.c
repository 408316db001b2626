/*
 * sentinel-init: pid 1 of every Sentinel sandbox.
 *
 * bwrap starts it (--as-pid-1) as the first process of the run's pid namespace. It reads the run
 * from a descriptor the executor writes once the run is known (so the sandbox can be started, and
 * moved into its cgroup, before that), prepares the working directory (/box), sets the program's
 * resource limits, starts the program and reaps every process orphaned to it. Where no cgroup
 * bounds the run, it also watches the whole process tree (memory, CPU time) and stops it at the
 * limits. When the program ends it kills whatever the program left, optionally sends the working
 * directory's files to the executor, writes its report and exits with the program's status
 * (128 + N for a program killed by signal N, as a shell reports it).
 *
 * Usage: sentinel-init SPEC_FD REPORT_FD
 * SPEC_FD holds NUL-terminated strings, read to its end: settings, then "--", then the argv.
 *   fsize= nofile= nproc= sigpending= msgqueue= memlock= as= data=   the program's rlimits
 *   cpu=SECONDS          RLIMIT_CPU, soft SECONDS (SIGXCPU), hard SECONDS + 1 (SIGKILL)
 *   watch-memory=BYTES   stop the run when its processes' resident memory passes BYTES
 *   watch-cpu=MS         stop the run when its processes' CPU time passes MS
 *   watch-disk=PATH      report the peak use of the file system at PATH (at most 4)
 *   watch-inodes=N       stop the run when one of those file systems holds more than N files
 *   disk-full-stop       stop the run when one of them is full (a twentieth or 1 MiB left at most)
 *   guard-mapping=BYTES  a writable mapping larger than BYTES is over the memory limit (guard.c)
 *   copy-from=DIR        copy DIR's files and folders into the working directory first
 *   link-from=DIR        make a symlink in the working directory to each entry of DIR instead
 *   collect=ENTRIES      send the working directory's files and folders to REPORT_FD at the end
 * Core dumps are always off (RLIMIT_CORE 0). REPORT_FD gets records (report.c) ending with one
 * "end" record: the exit status, what stopped the run, and the measures.
 *
 * Exit status 125 with a "sentinel-init:" line on stderr is this program's own failure; 126 and
 * 127 mean the program could not be started (127: not found), as in a shell.
 */
#include "init.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SPEC_BYTES (4 << 20)
#define WATCH_INTERVAL_MS 10

void die(const char *what, const char *detail) {
  fprintf(stderr, "sentinel-init: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  _exit(INIT_FAILED);
}

unsigned long long number(const char *text, const char *name) {
  char *end;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno || end == text || *end != '\0' || text[0] == '-') die("not a number", name);
  return value;
}

/* The whole of fd, NUL-terminated; *length excludes the terminator. */
static char *read_all(int fd, size_t *length) {
  size_t size = 0, capacity = 4096;
  char *data = malloc(capacity + 1);
  if (!data) die("out of memory", NULL);
  for (;;) {
    if (size == capacity) {
      if (capacity >= MAX_SPEC_BYTES) die("run description too large", NULL);
      capacity *= 2;
      data = realloc(data, capacity + 1);
      if (!data) die("out of memory", NULL);
    }
    ssize_t got = read(fd, data + size, capacity - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) die("cannot read the run description", strerror(errno));
    if (got == 0) break;
    size += (size_t)got;
  }
  data[size] = '\0';
  *length = size;
  return data;
}

static const struct {
  const char *name;
  int resource;
} RLIMITS[] = {
    {"fsize=", RLIMIT_FSIZE},   {"nofile=", RLIMIT_NOFILE},     {"nproc=", RLIMIT_NPROC}, {"sigpending=", RLIMIT_SIGPENDING},
    {"msgqueue=", RLIMIT_MSGQUEUE}, {"memlock=", RLIMIT_MEMLOCK}, {"as=", RLIMIT_AS},      {"data=", RLIMIT_DATA},
};

static void add_limit(struct spec *spec, int resource, rlim_t soft, rlim_t hard) {
  if (spec->limit_count == (int)(sizeof spec->limits / sizeof spec->limits[0])) die("too many limits", NULL);
  spec->limits[spec->limit_count++] = (struct limit){resource, soft, hard};
}

static int setting(struct spec *spec, const char *item) {
  for (size_t i = 0; i < sizeof RLIMITS / sizeof RLIMITS[0]; i++) {
    size_t length = strlen(RLIMITS[i].name);
    if (strncmp(item, RLIMITS[i].name, length) != 0) continue;
    rlim_t value = number(item + length, RLIMITS[i].name);
    add_limit(spec, RLIMITS[i].resource, value, value);
    return 1;
  }
  if (strncmp(item, "cpu=", 4) == 0) {
    rlim_t seconds = number(item + 4, "cpu");
    add_limit(spec, RLIMIT_CPU, seconds, seconds + 1);
  } else if (strncmp(item, "watch-memory=", 13) == 0) {
    spec->watch_memory = number(item + 13, "watch-memory");
  } else if (strncmp(item, "watch-cpu=", 10) == 0) {
    spec->watch_cpu_ms = number(item + 10, "watch-cpu");
  } else if (strncmp(item, "watch-disk=", 11) == 0) {
    if (spec->disk_count == MAX_DISKS) die("too many watch-disk settings", NULL);
    spec->watch_disk[spec->disk_count++] = item + 11;
  } else if (strncmp(item, "watch-inodes=", 13) == 0) {
    spec->watch_inodes = number(item + 13, "watch-inodes");
  } else if (strcmp(item, "disk-full-stop") == 0) {
    spec->disk_full_stop = 1;
  } else if (strncmp(item, "guard-mapping=", 14) == 0) {
    spec->guard_mapping = number(item + 14, "guard-mapping");
  } else if (strncmp(item, "copy-from=", 10) == 0) {
    spec->copy_from = item + 10;
  } else if (strncmp(item, "link-from=", 10) == 0) {
    spec->link_from = item + 10;
  } else if (strncmp(item, "collect=", 8) == 0) {
    spec->collect = number(item + 8, "collect");
  } else {
    return 0;
  }
  return 1;
}

static void parse(char *data, size_t length, struct spec *spec) {
  char *end = data + length, *item = data;
  int argc = 0, in_argv = 0;
  if (length == 0 || data[length - 1] != '\0') die("the run description must end with a NUL", NULL);
  for (; item < end; item += strlen(item) + 1) {
    if (in_argv) {
      if (argc == MAX_ARGS) die("too many arguments", NULL);
      spec->argv[argc++] = item;
    } else if (strcmp(item, "--") == 0) {
      in_argv = 1;
    } else if (!setting(spec, item)) {
      die("unknown setting", item);
    }
  }
  if (argc == 0) die("no program to run", NULL);
  spec->argv[argc] = NULL;
}

/* In the child: the program's limits, its memory guard, then the program. Never returns. */
static void start_program(const struct spec *spec, int report, int channel) {
  close(report);
  struct rlimit none = {0, 0};
  if (setrlimit(RLIMIT_CORE, &none) != 0) die("RLIMIT_CORE", strerror(errno));
  for (int i = 0; i < spec->limit_count; i++) {
    struct rlimit limit = {spec->limits[i].soft, spec->limits[i].hard};
    if (setrlimit(spec->limits[i].resource, &limit) != 0) die("setrlimit", strerror(errno));
  }
  if (channel >= 0) {
    guard_install(spec->guard_mapping, channel);
    close(channel);
  }
  execvp(spec->argv[0], spec->argv);
  int error = errno;
  fprintf(stderr, "sentinel-init: cannot run %s: %s\n", spec->argv[0], strerror(error));
  _exit(error == ENOENT ? 127 : 126);
}

/* Reaps what has ended; answers 1 once the program itself has, with its status in *status. */
static int reap(pid_t program, int *status) {
  int ended = 0, value;
  pid_t pid;
  while ((pid = waitpid(-1, &value, WNOHANG)) > 0)
    if (pid == program) *status = value, ended = 1;
  return ended;
}

/* Every other process of the run's pid namespace: only as its pid 1 (elsewhere -1 is every process). */
static void kill_rest(void) {
  if (getpid() == 1) kill(-1, SIGKILL);
  while (wait(NULL) > 0 || errno == EINTR) {
  }
}

/* Full for a compile: at most a twentieth or 1 MiB left (a write of the rest fails, whatever its size). */
static int disk_full(const struct disk *disk) {
  unsigned long long left = disk->size - disk->used, margin = disk->size / 20;
  return left <= (margin > (1ULL << 20) ? margin : (1ULL << 20));
}

/* One look at the run: what the watcher measures, and whether a limit is passed. */
static void watch(const struct spec *spec, struct measures *measures) {
  for (int i = 0; i < spec->disk_count; i++) {
    struct disk now, *peak = &measures->disk_peak[i];
    disk_used(spec->watch_disk[i], &now);
    peak->size = now.size;
    if (now.used > peak->used) peak->used = now.used;
    if (now.inodes > peak->inodes) peak->inodes = now.inodes;
    if (spec->watch_inodes && now.inodes > spec->watch_inodes) measures->exceeded = "disk";
    if (spec->disk_full_stop && now.size && disk_full(&now)) measures->exceeded = "disk";
  }
  if (*measures->exceeded || (!spec->watch_memory && !spec->watch_cpu_ms)) return;
  struct sample sample;
  sample_processes(&sample);
  if (sample.memory > measures->memory_peak) measures->memory_peak = sample.memory;
  if (sample.tasks > measures->tasks_peak) measures->tasks_peak = sample.tasks;
  if (spec->watch_memory && sample.memory > spec->watch_memory) measures->exceeded = "memory";
  else if (spec->watch_cpu_ms && sample.cpu_ms + children_cpu_ms() >= spec->watch_cpu_ms) measures->exceeded = "cpu";
}

int main(int argc, char **argv) {
  if (argc != 3) die("usage: sentinel-init SPEC_FD REPORT_FD", NULL);
  int fd = (int)number(argv[1], "SPEC_FD"), report = (int)number(argv[2], "REPORT_FD");
  /* Not dumpable: the program runs as the same uid, but cannot read or write this process's memory. */
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  size_t length;
  char *data = read_all(fd, &length);
  close(fd);
  static struct spec spec;
  parse(data, length, &spec);
  /* /proc lists only the run's processes when this is the pid 1 of the run's own pid namespace. */
  if ((spec.watch_memory || spec.watch_cpu_ms) && getpid() != 1) die("watch-memory and watch-cpu need a pid namespace of their own", NULL);
  struct measures measures = {.exceeded = "", .guard = "off", .box = ""};
  if (spec.copy_from) measures.box = copy_tree(spec.copy_from);
  else if (spec.link_from) measures.box = link_entries(spec.link_from);

  sigset_t child_signal;
  sigemptyset(&child_signal);
  sigaddset(&child_signal, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &child_signal, NULL) != 0) die("sigprocmask", strerror(errno));
  int signals = signalfd(-1, &child_signal, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signals < 0) die("signalfd", strerror(errno));
  int pair[2] = {-1, -1};
  if (spec.guard_mapping && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) die("socketpair", strerror(errno));

  pid_t program = fork();
  if (program < 0) die("fork", strerror(errno));
  if (program == 0) {
    sigprocmask(SIG_UNBLOCK, &child_signal, NULL);
    if (pair[0] >= 0) close(pair[0]);
    start_program(&spec, report, pair[1]);
  }
  int listener = -1;
  if (pair[0] >= 0) {
    close(pair[1]);
    listener = guard_receive(pair[0]);
    measures.guard = listener >= 0 ? "on" : "unavailable";
    close(pair[0]);
  }

  int watching = spec.watch_memory || spec.watch_cpu_ms || spec.disk_count;
  int status = 0;
  for (;;) {
    struct pollfd fds[2] = {{.fd = signals, .events = POLLIN}, {.fd = listener, .events = POLLIN}};
    int ready = poll(fds, listener >= 0 ? 2 : 1, watching ? WATCH_INTERVAL_MS : -1);
    if (ready < 0 && errno != EINTR) die("poll", strerror(errno));
    if (listener >= 0 && (fds[1].revents & POLLIN) && guard_answer(listener)) measures.exceeded = "memory";
    if (fds[0].revents & POLLIN) {
      struct signalfd_siginfo info;
      while (read(signals, &info, sizeof info) == sizeof info) {
      }
    }
    if (reap(program, &status)) break;
    if (watching) watch(&spec, &measures);
    if (*measures.exceeded) break;
  }
  if (watching) watch(&spec, &measures); /* what the last moments used */
  kill_rest();
  measures.cpu_ms = children_cpu_ms();
  int code = !*measures.exceeded && WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL);
  if (spec.collect && code == 0 && !*measures.exceeded) {
    /* The tmpfs caps the bytes; the executor checks them again as it writes. */
    measures.box = collect_tree(report, ~0ULL, spec.collect);
  }
  report_end(report, code, &measures);
  return code;
}
