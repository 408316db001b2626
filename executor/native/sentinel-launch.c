/*
 * sentinel-launch: starts a spare sandbox's bwrap so that it dies with the executor.
 *
 * A spare waits, blocked in bwrap's option parsing, for as long as its executor has no run for it.
 * Should the executor die meanwhile, the spare must die too (see executor/src/sandbox/spare.ts).
 * Node cannot set a child's parent-death signal, so every spare is started through this: it sets
 * SIGKILL as its parent-death signal, which survives execve, then executes bwrap in its place.
 * It does what `setpriv --pdeathsig KILL` did, at less than half the cost per start (a small
 * static binary instead of a dynamically linked one), and closes setpriv's race: if the parent
 * died before the signal was set, this exits instead of running on, orphaned.
 *
 * Usage: sentinel-launch PARENT_PID PROGRAM [ARG]...
 * PARENT_PID is the pid of the process that starts it (the executor). PROGRAM is an absolute path
 * (no PATH search) and gets the environment as it is.
 *
 * Exit status 125 with a "sentinel-launch:" line on stderr is this program's own failure; 126 and
 * 127 mean PROGRAM could not be executed (127: not found), as in a shell.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define LAUNCH_FAILED 125

static void die(const char *what, const char *detail) {
  fprintf(stderr, "sentinel-launch: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  _exit(LAUNCH_FAILED);
}

int main(int argc, char **argv) {
  if (argc < 3) die("usage: sentinel-launch PARENT_PID PROGRAM [ARG]...", NULL);
  char *end = NULL;
  errno = 0;
  long parent = strtol(argv[1], &end, 10);
  if (errno != 0 || end == argv[1] || *end != '\0' || parent <= 0) die("not a parent pid", argv[1]);
  if (argv[2][0] != '/') die("PROGRAM must be an absolute path", argv[2]);

  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) die("prctl(PR_SET_PDEATHSIG)", strerror(errno));
  /* The parent may have died before the signal was set: then it will never come. */
  if (getppid() != (pid_t)parent) die("the parent is gone", argv[1]);

  execv(argv[2], &argv[2]);
  int failure = errno;
  fprintf(stderr, "sentinel-launch: cannot execute %s: %s\n", argv[2], strerror(failure));
  return failure == ENOENT ? 127 : 126;
}
