/*
 * sentinel-init: pid 1 of every Sentinel sandbox.
 *
 * bwrap starts it (--as-pid-1) as the first process of the run's pid namespace. It reads the run
 * from a descriptor the executor writes once the run is known (so the sandbox can be started,
 * and moved into its cgroup, before that), sets the program's resource limits, starts the program
 * and reaps every process orphaned to it. When the program ends, init exits with its status
 * (128 + N for a program killed by signal N, as a shell reports it), and the kernel then kills
 * whatever the program left in the namespace.
 *
 * Usage: sentinel-init FD
 * FD holds NUL-terminated strings, read to its end: settings, then "--", then the program's argv.
 *   fsize=BYTES    RLIMIT_FSIZE (largest file the program may write)
 *   nofile=N       RLIMIT_NOFILE (open descriptors)
 *   cpu=SECONDS    RLIMIT_CPU, soft SECONDS (SIGXCPU), hard SECONDS + 1 (SIGKILL); optional
 * Core dumps are always off (RLIMIT_CORE 0).
 *
 * Exit status 125 with a "sentinel-init:" line on stderr is this program's own failure; 126 and
 * 127 mean the program could not be started (127: not found), as in a shell.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SPEC_BYTES (4 << 20)
#define MAX_ARGS 4096
#define INIT_FAILED 125

static void die(const char *what, const char *detail) {
  fprintf(stderr, "sentinel-init: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  _exit(INIT_FAILED);
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

static unsigned long long number(const char *text, const char *name) {
  char *end;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno || end == text || *end != '\0' || text[0] == '-') die("not a number", name);
  return value;
}

static void set_limit(int resource, rlim_t soft, rlim_t hard, const char *name) {
  struct rlimit limit = {.rlim_cur = soft, .rlim_max = hard};
  if (setrlimit(resource, &limit) != 0) die(name, strerror(errno));
}

struct run {
  rlim_t fsize, nofile, cpu;
  int has_fsize, has_nofile, has_cpu;
  char *argv[MAX_ARGS + 1];
};

static void parse(char *data, size_t length, struct run *run) {
  char *end = data + length, *item = data;
  int argc = 0, in_argv = 0;
  if (length == 0 || data[length - 1] != '\0') die("the run description must end with a NUL", NULL);
  for (; item < end; item += strlen(item) + 1) {
    if (in_argv) {
      if (argc == MAX_ARGS) die("too many arguments", NULL);
      run->argv[argc++] = item;
    } else if (strcmp(item, "--") == 0) {
      in_argv = 1;
    } else if (strncmp(item, "fsize=", 6) == 0) {
      run->fsize = number(item + 6, "fsize"), run->has_fsize = 1;
    } else if (strncmp(item, "nofile=", 7) == 0) {
      run->nofile = number(item + 7, "nofile"), run->has_nofile = 1;
    } else if (strncmp(item, "cpu=", 4) == 0) {
      run->cpu = number(item + 4, "cpu"), run->has_cpu = 1;
    } else {
      die("unknown setting", item);
    }
  }
  if (argc == 0) die("no program to run", NULL);
  run->argv[argc] = NULL;
}

/* In the child: the program's limits, then the program. Never returns. */
static void start_program(const struct run *run) {
  set_limit(RLIMIT_CORE, 0, 0, "RLIMIT_CORE");
  if (run->has_fsize) set_limit(RLIMIT_FSIZE, run->fsize, run->fsize, "RLIMIT_FSIZE");
  if (run->has_nofile) set_limit(RLIMIT_NOFILE, run->nofile, run->nofile, "RLIMIT_NOFILE");
  if (run->has_cpu) set_limit(RLIMIT_CPU, run->cpu, run->cpu + 1, "RLIMIT_CPU");
  execvp(run->argv[0], run->argv);
  int error = errno;
  fprintf(stderr, "sentinel-init: cannot run %s: %s\n", run->argv[0], strerror(error));
  _exit(error == ENOENT ? 127 : 126);
}

int main(int argc, char **argv) {
  if (argc != 2) die("usage: sentinel-init FD", NULL);
  int fd = (int)number(argv[1], "FD");
  size_t length;
  char *data = read_all(fd, &length);
  close(fd);
  static struct run run;
  parse(data, length, &run);

  pid_t program = fork();
  if (program < 0) die("fork", strerror(errno));
  if (program == 0) start_program(&run);

  /* Reap every child (orphans are re-parented to pid 1) until the program itself ends. */
  for (;;) {
    int status;
    pid_t ended = wait(&status);
    if (ended < 0) {
      if (errno == EINTR) continue;
      die("wait", strerror(errno));
    }
    if (ended != program) continue;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  }
}
