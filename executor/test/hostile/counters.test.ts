/**
 * What the kernel counts per user (inotify instances, queued signals, POSIX timers, message-queue
 * bytes) cannot be exhausted by one job for another: two jobs run at once, the first takes all it
 * can of each and holds it, the second's calls all succeed. Each sandbox has a host uid of its own
 * and per-run RLIMIT_SIGPENDING and RLIMIT_MSGQUEUE (executor/src/sandbox/user-counters.ts).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { useHostile } from './harness.js';

const hostile = useHostile(61_140, 'sentinel-hostile-counters');

/** Takes as many of each as the kernel gives, says how many, then holds them while B runs. */
const HOG = String.raw`#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
/* inotify instances in several processes (each holds at most its RLIMIT_NOFILE), until the per-user bound. */
static int take_inotify(int *last_errno) {
  int fds[2], total = 0;
  pipe(fds);
  for (int child = 0; child < 6; child++) {
    if (fork() == 0) {
      int mine = 0;
      while (inotify_init1(0) >= 0) mine++;
      char result[32];
      int length = snprintf(result, sizeof result, "%d %d\n", mine, errno);
      write(fds[1], result, length);
      close(fds[1]);
      sleep(4);
      _exit(0);
    }
  }
  close(fds[1]);
  FILE *results = fdopen(fds[0], "r");
  int mine, error;
  while (fscanf(results, "%d %d", &mine, &error) == 2) total += mine, *last_errno = error;
  return total;
}
int main(void) {
  int inotify_errno = 0, queued = 0, timers = 0, queues = 0;
  int inotify = take_inotify(&inotify_errno);
  sigset_t set; sigemptyset(&set); sigaddset(&set, SIGRTMIN); sigprocmask(SIG_BLOCK, &set, 0);
  union sigval value = {0};
  while (queued < 1000000 && sigqueue(getpid(), SIGRTMIN, value) == 0) queued++;
  struct sigevent event = {.sigev_notify = SIGEV_NONE};
  timer_t timer;
  while (timers < 1000000 && timer_create(CLOCK_MONOTONIC, &event, &timer) == 0) timers++;
  struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 1024};
  char name[32];
  for (;;) { snprintf(name, sizeof name, "/q%d", queues); if (mq_open(name, O_CREAT | O_RDWR, 0600, &attr) < 0) break; queues++; }
  int mq_errno = errno;
  printf("inotify %d %d signals %d timers %d queues %d %d\n", inotify, inotify_errno, queued, timers, queues, mq_errno);
  fflush(stdout);
  sleep(3);
  return 0;
}`;

/** One of each, after A has taken all it could. */
const PROBE = String.raw`#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>
int main(void) {
  usleep(1500 * 1000);
  sigset_t set; sigemptyset(&set); sigaddset(&set, SIGRTMIN); sigprocmask(SIG_BLOCK, &set, 0);
  union sigval value = {0};
  struct sigevent event = {.sigev_notify = SIGEV_NONE};
  timer_t timer;
  struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 1024};
  printf("inotify %s signal %s timer %s queue %s\n", inotify_init1(0) >= 0 ? "ok" : "FAILED", sigqueue(getpid(), SIGRTMIN, value) == 0 ? "ok" : "FAILED",
         timer_create(CLOCK_MONOTONIC, &event, &timer) == 0 ? "ok" : "FAILED", mq_open("/mine", O_CREAT | O_RDWR, 0600, &attr) >= 0 ? "ok" : "FAILED");
  return 0;
}`;

test.serial('a job that exhausts every per-user counter leaves the concurrent job untouched', async (t) => {
  const limits = { wallMs: 5_000, cpuMs: 3_000 };
  const [hog, probe] = await Promise.all([hostile().run('c', HOG, { limits }), hostile().run('c', PROBE, { limits })]);
  t.is(hog.verdict, 'ACCEPTED', hog.error);
  const [, inotify, inotifyErrno, , signals, , timers, , queues, mqErrno] = hog.output.trim().split(' ').map(Number);
  t.log(`the hog took ${inotify} inotify instances (then errno ${inotifyErrno}), ${signals} queued signals, ${timers} timers, ${queues} message queues (then errno ${mqErrno})`);
  const perUser = Number(readFileSync('/proc/sys/fs/inotify/max_user_instances', 'utf8'));
  t.is(inotify, perUser, 'it took every inotify instance its user may have');
  t.is(inotifyErrno, 24, 'EMFILE');
  t.true(signals! > 0 && signals! <= 1024, 'queued signals stop at the per-run RLIMIT_SIGPENDING');
  t.true(queues! >= 1 && [12, 24].includes(mqErrno!), 'message queues stop at the per-run RLIMIT_MSGQUEUE (ENOMEM) or the queue count (EMFILE)');
  t.is(probe.verdict, 'ACCEPTED', probe.error);
  t.is(probe.output, 'inotify ok signal ok timer ok queue ok\n');
});
