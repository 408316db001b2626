/*
 * The watcher's measures. sentinel-init is pid 1 of the run's own pid namespace and /proc is that
 * namespace's, so every process listed there belongs to the run: no name lists, no guessing.
 */
#include "init.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

/* The contents of a small /proc file, NUL-terminated; 0 when it is gone (the process ended). */
static size_t read_small(int dir, const char *name, char *buffer, size_t size) {
  int fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t got = read(fd, buffer, size - 1);
  close(fd);
  if (got <= 0) return 0;
  buffer[got] = '\0';
  return (size_t)got;
}

/* "RssAnon:    1234 kB" -> bytes. */
static unsigned long long status_kb(const char *status, const char *key) {
  const char *line = strstr(status, key);
  return line ? strtoull(line + strlen(key), NULL, 10) * 1024 : 0;
}

/*
 * utime, stime, cutime, cstime (fields 14-17, clock ticks) and num_threads (field 20) of
 * /proc/PID/stat. The command name (field 2) may hold spaces and parentheses: fields are counted
 * from the last ')'.
 */
static void stat_fields(const char *stat, unsigned long long *ticks, unsigned long *threads) {
  const char *rest = strrchr(stat, ')');
  *ticks = 0, *threads = 0;
  if (!rest) return;
  unsigned long long times[4] = {0};
  long count = 0;
  /* After ')': state (3), ppid (4) ... utime is field 14, i.e. the 12th after the state. */
  int parsed = sscanf(rest + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %llu %llu %*d %*d %ld", &times[0], &times[1], &times[2], &times[3], &count);
  if (parsed != 5) return;
  *ticks = times[0] + times[1] + times[2] + times[3];
  *threads = (unsigned long)count;
}

void sample_processes(struct sample *sample) {
  long ticks_per_second = sysconf(_SC_CLK_TCK);
  *sample = (struct sample){0};
  DIR *proc = opendir("/proc");
  if (!proc) return;
  unsigned long long ticks = 0;
  struct dirent *entry;
  char buffer[4096];
  while ((entry = readdir(proc)) != NULL) {
    char *end;
    long pid = strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 1) continue; /* not a process, or this one */
    int dir = openat(dirfd(proc), entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) continue;
    if (read_small(dir, "status", buffer, sizeof buffer)) sample->memory += status_kb(buffer, "RssAnon:") + status_kb(buffer, "RssShmem:");
    if (read_small(dir, "stat", buffer, sizeof buffer)) {
      unsigned long long process_ticks;
      unsigned long threads;
      stat_fields(buffer, &process_ticks, &threads);
      ticks += process_ticks;
      sample->tasks += threads;
    }
    close(dir);
  }
  closedir(proc);
  sample->cpu_ms = ticks * 1000 / (unsigned long long)ticks_per_second;
}

/* CPU time of every process this one has reaped (and of what they reaped before), ms. */
unsigned long long children_cpu_ms(void) {
  struct rusage usage;
  if (getrusage(RUSAGE_CHILDREN, &usage) != 0) return 0;
  unsigned long long us = (unsigned long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000ULL +
                          (unsigned long long)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  return us / 1000;
}

/* Bytes and inodes in use on the file system at path, and its size; zeros when it cannot be read. */
void disk_used(const char *path, struct disk *disk) {
  struct statfs info;
  *disk = (struct disk){0};
  if (statfs(path, &info) != 0) return;
  disk->size = (unsigned long long)info.f_blocks * (unsigned long long)info.f_bsize;
  disk->used = (unsigned long long)(info.f_blocks - info.f_bfree) * (unsigned long long)info.f_bsize;
  disk->inodes = (unsigned long long)(info.f_files - info.f_ffree);
}
