/*
 * sentinel-init: pid 1 of every Sentinel sandbox. See main.c for what it does and its usage; this
 * header joins its parts: the run description (spec), the watcher over the run's processes and
 * file systems (watch.c), the job directory's files in and out (box.c), the memory guard on large
 * mappings (guard.c) and the report to the executor (report.c).
 */
#ifndef SENTINEL_INIT_H
#define SENTINEL_INIT_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#define INIT_FAILED 125
#define MAX_ARGS 4096
#define MAX_DISKS 4

/* One resource limit of the program: RLIMIT_x, its value, and the name used in the spec. */
struct limit {
  int resource;
  rlim_t soft, hard;
};

/* What the executor asks of one run, read from the spec descriptor. */
struct spec {
  struct limit limits[16];
  int limit_count;
  /* The watcher (rlimits mode): 0 when not asked for. */
  unsigned long long watch_memory; /* bytes of resident memory of the whole tree */
  unsigned long long watch_cpu_ms; /* CPU time of the whole tree */
  const char *watch_disk[MAX_DISKS]; /* file systems whose peak use is reported */
  int disk_count;
  unsigned long long watch_inodes; /* stop the run past this many files on any of them (0: no bound) */
  int disk_full_stop;              /* stop the run when one of them is (nearly) full */
  unsigned long long guard_mapping; /* a writable mapping larger than this is over the memory limit */
  const char *copy_from; /* copied into the working directory before the program starts */
  const char *link_from; /* linked into it instead (read-only entries, one symlink each) */
  unsigned long collect; /* most entries sent from the working directory once the program ended; 0: none */
  char *argv[MAX_ARGS + 1];
};

struct disk {
  unsigned long long size, used, inodes;
};

/* Why the run was stopped by sentinel-init itself (an empty string when it was not). */
struct measures {
  const char *exceeded;      /* "memory", "cpu", "disk" or "" */
  unsigned long long cpu_ms; /* CPU time of every process of the run */
  unsigned long long memory_peak; /* bytes, as sampled by the watcher (0 without one) */
  unsigned long tasks_peak;  /* processes and threads alive at once, as sampled */
  struct disk disk_peak[MAX_DISKS]; /* the most bytes and inodes each watched file system held */
  const char *guard;         /* "on", "off" or why it could not be installed */
  const char *box;           /* what happened to the working directory's files, or "" */
};

void die(const char *what, const char *detail) __attribute__((noreturn));
unsigned long long number(const char *text, const char *name);

/* watch.c */
struct sample {
  unsigned long long memory; /* resident anonymous and shared memory of every process */
  unsigned long long cpu_ms; /* CPU time of the live processes and what they reaped */
  unsigned long tasks;
};
void sample_processes(struct sample *sample);
void disk_used(const char *path, struct disk *disk);
unsigned long long children_cpu_ms(void);

/* box.c */
const char *copy_tree(const char *from);
const char *link_entries(const char *from);
const char *collect_tree(int out, unsigned long long max_bytes, unsigned long max_entries);

/* guard.c */
int guard_install(unsigned long long max_mapping, int channel);
int guard_receive(int channel);
int guard_answer(int listener);

/* report.c */
int write_all(int fd, const void *data, size_t length);
void report_file(int out, const char *path, unsigned mode, uint64_t size);
void report_dir(int out, const char *path, unsigned mode);
void report_end(int out, int status, const struct measures *measures);

#endif
