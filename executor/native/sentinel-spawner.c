/*
 * sentinel-spawner: starts the executor's spare sandboxes, so that starting one does not fork the
 * executor.
 *
 * A fork copies the page tables of the process that forks, and the executor is a Node process of
 * 80 MB or more: each spawn from it cost 1.5 ms of CPU and blocked its event loop until the child
 * had exec'd. This small process forks instead, and the executor takes over the pipes of each
 * child by opening them through /proc/<spawner>/fd/<n> (which gives it descriptors of its own to
 * the same pipes; Node cannot receive descriptors any other way).
 *
 * Usage: sentinel-spawner PARENT_PID UIDS GID DIRECTIONS PROGRAM [ARG]...
 *   PARENT_PID  the executor: this process dies with it (SIGKILL as its parent-death signal), and
 *               refuses to start when it is already gone
 *   UIDS, GID   the credentials of the children: UIDS is one uid or a range FIRST-LAST a request
 *               picks from (each sandbox its own uid), GID the group of all ("-" for both: keep
 *               this process's own)
 *   DIRECTIONS  one letter per child descriptor from 1 up: "w" a pipe the child writes (its stdout,
 *               for example), "r" a pipe the child reads
 *   PROGRAM     an absolute path, executed with ARG... and an empty environment
 *
 * Requests, one line each on stdin:
 *   spawn PATH [UID]  starts PROGRAM in a new session, as UID (one of UIDS; the first by default),
 *                 with PATH (opened read-only) as its stdin and a new pipe at each descriptor
 *                 DIRECTIONS names. The child gets SIGKILL as its
 *                 parent-death signal, so it dies with this process. Once PROGRAM runs, answers
 *                 "spawned PID FD..." (this process's descriptors of the pipes' other ends, in
 *                 DIRECTIONS order); "failed MESSAGE" if it could not be started.
 *   release PID   closes this process's ends of PID's pipes (the executor has opened its own).
 * Events on stdout: "exit PID code N" or "exit PID signal N" when a child ends.
 * At the end of stdin it exits; its children then die of their parent-death signal. It ignores
 * SIGHUP, SIGINT, SIGQUIT and SIGTERM (SIGKILL ends it).
 *
 * Exit status 125 with a "sentinel-spawner:" line on stderr is a failure of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SPAWNER_FAILED 125
#define MAX_PIPES 16
#define MAX_CHILDREN 1024
#define MAX_LINE 4096
/* Child descriptors are first moved up here, out of the way of the ones they are moved to. */
#define HIGH_FD 100

/*
 * Ignored here, and back to their defaults in each child. SIGPIPE: a write to a gone executor fails
 * with EPIPE instead. The others: this process ends only with its executor (end of stdin, or the
 * parent-death signal), never on a signal meant for the executor's terminal or process group,
 * which would kill the sandboxes of the runs the executor is still finishing.
 */
static const int IGNORED[] = {SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM};

struct child {
  pid_t pid;
  int ends[MAX_PIPES]; /* -1 once released */
};

static struct {
  pid_t self;
  uid_t first_uid, last_uid;
  gid_t gid;
  int set_ids;
  const char *directions;
  int pipes;
  char **argv; /* PROGRAM [ARG]... */
  struct child children[MAX_CHILDREN];
  int count;
} spawner;

/* Closes every descriptor from `first` up: close_range where the kernel has it (5.9), else one by one. */
static void close_from(int first) {
#ifdef SYS_close_range
  if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0) return;
#endif
  long max = sysconf(_SC_OPEN_MAX);
  for (long fd = first; fd < (max > 0 ? max : 1024); fd++) close((int)fd);
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "sentinel-spawner: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(SPAWNER_FAILED);
}

/* One whole line to the executor; losing it would lose a child, so any failure ends this process. */
static void reply(const char *format, ...) {
  char line[MAX_LINE];
  va_list args;
  va_start(args, format);
  int length = vsnprintf(line, sizeof line - 1, format, args);
  va_end(args);
  if (length < 0 || length >= (int)sizeof line - 1) die("reply too long", NULL);
  line[length++] = '\n';
  for (int written = 0; written < length;) {
    ssize_t n = write(STDOUT_FILENO, line + written, (size_t)(length - written));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) exit(SPAWNER_FAILED); /* the executor is gone */
    written += (int)n;
  }
}

static long parse_id(const char *text, const char *what) {
  char *end = NULL;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < 0) die(what, text);
  return value;
}

static void close_ends(struct child *child) {
  for (int i = 0; i < spawner.pipes; i++) {
    if (child->ends[i] >= 0) close(child->ends[i]);
    child->ends[i] = -1;
  }
}

/* A child by pid, running (pid) or ended and not yet released (-pid). */
static struct child *find(pid_t pid) {
  for (int i = 0; i < spawner.count; i++)
    if (spawner.children[i].pid == pid || spawner.children[i].pid == -pid) return &spawner.children[i];
  return NULL;
}

static void forget(struct child *child) {
  close_ends(child);
  *child = spawner.children[--spawner.count];
}

/*
 * In the child, after fork: never returns. What fails before PROGRAM runs is written to `report`
 * (close-on-exec: it reads as empty once PROGRAM runs) for the spawner to answer "failed".
 */
static void fail_child(int report, const char *what) {
  dprintf(report, "%s: %s", what, strerror(errno));
  _exit(127);
}

static void become_child(int stdin_fd, const int *child_ends, int report, uid_t uid) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (size_t i = 0; i < sizeof IGNORED / sizeof IGNORED[0]; i++) signal(IGNORED[i], SIG_DFL);
  /* First out of the way of the descriptors they go to, then into place; the report pipe last. */
  int moved[MAX_PIPES + 1];
  moved[0] = fcntl(stdin_fd, F_DUPFD_CLOEXEC, HIGH_FD);
  for (int i = 0; i < spawner.pipes; i++) moved[i + 1] = fcntl(child_ends[i], F_DUPFD_CLOEXEC, HIGH_FD);
  report = fcntl(report, F_DUPFD_CLOEXEC, HIGH_FD);
  if (report < 0) _exit(127);
  for (int fd = 0; fd <= spawner.pipes; fd++)
    if (moved[fd] < 0 || dup2(moved[fd], fd) < 0) fail_child(report, "dup2");
  if (dup3(report, spawner.pipes + 1, O_CLOEXEC) < 0) fail_child(report, "dup3");
  report = spawner.pipes + 1;
  /* Nothing else: the moved copies, and anything this process was given that it never marked. */
  close_from(report + 1);
  if (setsid() < 0) fail_child(report, "setsid");
  if (spawner.set_ids) {
    (void)setgroups(0, NULL); /* only root may; a non-root spawner has no extra groups to drop */
    if (setgid(spawner.gid) != 0 || setuid(uid) != 0) fail_child(report, "cannot switch uid and gid");
  }
  /* After the switch: a credential change clears the parent-death signal. */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) fail_child(report, "prctl(PR_SET_PDEATHSIG)");
  if (getppid() != spawner.self) _exit(127); /* the spawner is gone: nobody to tell */
  char *empty[] = {NULL};
  execve(spawner.argv[0], spawner.argv, empty);
  char what[MAX_LINE / 2];
  snprintf(what, sizeof what, "cannot execute %s", spawner.argv[0]);
  fail_child(report, what);
}

/* Waits until the child has executed PROGRAM (answers NULL) or says why it could not. */
static const char *await_exec(int report) {
  static char why[MAX_LINE / 2];
  size_t got = 0;
  for (;;) {
    ssize_t n = read(report, why + got, sizeof why - 1 - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || (got += (size_t)n) == sizeof why - 1) break;
  }
  close(report);
  why[got] = '\0';
  return got > 0 ? why : NULL;
}

static void spawn(char *request) {
  if (spawner.count == MAX_CHILDREN) return reply("failed too many children");
  char *stdin_path = strtok(request, " "), *uid_text = strtok(NULL, " ");
  if (!stdin_path || strtok(NULL, " ")) return reply("failed usage: spawn PATH [UID]");
  uid_t uid = spawner.first_uid;
  if (uid_text) {
    if (!spawner.set_ids) return reply("failed no uids to pick from");
    uid = (uid_t)parse_id(uid_text, "not a uid");
    if (uid < spawner.first_uid || uid > spawner.last_uid) return reply("failed uid %s is not one of %u-%u", uid_text, spawner.first_uid, spawner.last_uid);
  }
  int stdin_fd = open(stdin_path, O_RDONLY | O_CLOEXEC);
  if (stdin_fd < 0) return reply("failed cannot open %s: %s", stdin_path, strerror(errno));
  int ends[MAX_PIPES], child_ends[MAX_PIPES], made = 0, report[2] = {-1, -1};
  for (; made < spawner.pipes; made++) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) break;
    int child_writes = spawner.directions[made] == 'w';
    child_ends[made] = pipe_fds[child_writes ? 1 : 0];
    ends[made] = pipe_fds[child_writes ? 0 : 1];
  }
  int ready = made == spawner.pipes && pipe2(report, O_CLOEXEC) == 0;
  pid_t pid = ready ? fork() : -1;
  int failure = errno;
  if (pid == 0) become_child(stdin_fd, child_ends, report[1], uid);
  close(stdin_fd);
  for (int i = 0; i < made; i++) close(child_ends[i]);
  if (report[1] >= 0) close(report[1]);
  const char *why = pid > 0 ? await_exec(report[0]) : NULL;
  if (pid < 0 && report[0] >= 0) close(report[0]);
  if (pid < 0 || why) {
    for (int i = 0; i < made; i++) close(ends[i]);
    if (why) return reply("failed %s", why); /* the child has exited; its "exit" line follows */
    return reply("failed %s: %s", ready ? "fork" : "pipe", strerror(failure));
  }
  struct child *child = &spawner.children[spawner.count++];
  child->pid = pid;
  char line[MAX_LINE];
  int length = snprintf(line, sizeof line, "spawned %d", (int)pid);
  for (int i = 0; i < spawner.pipes; i++) {
    child->ends[i] = ends[i];
    length += snprintf(line + length, sizeof line - (size_t)length, " %d", ends[i]);
  }
  reply("%s", line);
}

static void release(const char *pid_text) {
  struct child *child = find((pid_t)parse_id(pid_text, "not a pid to release"));
  if (!child) return; /* released already, or never ours: nothing to close */
  if (child->pid < 0) forget(child); /* ended before its release */
  else close_ends(child);
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    if (WIFSIGNALED(status)) reply("exit %d signal %d", (int)pid, WTERMSIG(status));
    else reply("exit %d code %d", (int)pid, WEXITSTATUS(status));
    struct child *child = find(pid);
    if (!child) continue;
    int released = 1;
    for (int i = 0; i < spawner.pipes; i++) released &= child->ends[i] < 0;
    if (released) forget(child);
    else child->pid = -pid; /* ended; its ends stay open until the executor has them */
  }
}

static void handle(char *line) {
  if (strncmp(line, "spawn ", 6) == 0) spawn(line + 6);
  else if (strncmp(line, "release ", 8) == 0) release(line + 8);
  else die("unknown request", line);
}

int main(int argc, char **argv) {
  if (argc < 6) die("usage: sentinel-spawner PARENT_PID UIDS GID DIRECTIONS PROGRAM [ARG]...", NULL);
  pid_t parent = (pid_t)parse_id(argv[1], "not a parent pid");
  spawner.set_ids = strcmp(argv[2], "-") != 0;
  if (spawner.set_ids != (strcmp(argv[3], "-") != 0)) die("give both UID and GID, or neither", NULL);
  if (spawner.set_ids) {
    char *last = strchr(argv[2], '-');
    if (last) *last++ = '\0';
    spawner.first_uid = (uid_t)parse_id(argv[2], "not a uid");
    spawner.last_uid = last ? (uid_t)parse_id(last, "not a uid") : spawner.first_uid;
    if (spawner.last_uid < spawner.first_uid) die("UIDS must be FIRST-LAST with FIRST <= LAST", argv[2]);
    spawner.gid = (gid_t)parse_id(argv[3], "not a gid");
  }
  spawner.directions = argv[4];
  spawner.pipes = (int)strlen(argv[4]);
  if (spawner.pipes == 0 || spawner.pipes > MAX_PIPES || strspn(argv[4], "rw") != strlen(argv[4])) die("DIRECTIONS must be 1 to 16 of r and w", argv[4]);
  if (argv[5][0] != '/') die("PROGRAM must be an absolute path", argv[5]);
  spawner.argv = &argv[5];
  spawner.self = getpid();

  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) die("prctl(PR_SET_PDEATHSIG)", strerror(errno));
  if (getppid() != parent) die("the parent is gone", argv[1]);
  /* Whatever the parent let this process inherit besides its stdio is none of its children's. */
  close_from(3);
  for (size_t i = 0; i < sizeof IGNORED / sizeof IGNORED[0]; i++) signal(IGNORED[i], SIG_IGN);
  sigset_t child_signal;
  sigemptyset(&child_signal);
  sigaddset(&child_signal, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &child_signal, NULL) != 0) die("sigprocmask", strerror(errno));
  int signals = signalfd(-1, &child_signal, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signals < 0) die("signalfd", strerror(errno));
  if (fcntl(STDIN_FILENO, F_SETFD, FD_CLOEXEC) != 0 || fcntl(STDOUT_FILENO, F_SETFD, FD_CLOEXEC) != 0) die("fcntl", strerror(errno));

  char buffer[MAX_LINE];
  size_t used = 0;
  for (;;) {
    struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = signals, .events = POLLIN}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll", strerror(errno));
    }
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo info;
      while (read(signals, &info, sizeof info) == sizeof info) {
      }
      reap();
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(STDIN_FILENO, buffer + used, sizeof buffer - used);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return 0; /* the executor closed its end: done */
      used += (size_t)n;
      char *start = buffer, *newline;
      while ((newline = memchr(start, '\n', used - (size_t)(start - buffer))) != NULL) {
        *newline = '\0';
        handle(start);
        start = newline + 1;
      }
      used -= (size_t)(start - buffer);
      memmove(buffer, start, used);
      if (used == sizeof buffer) die("request line too long", NULL);
    }
  }
}
