/*
 * The report descriptor: records the executor reads once the run is over. Numbers are little
 * endian, paths are relative to the working directory without a leading slash.
 *   'D' u32 mode, u16 path length, path                         a folder
 *   'F' u32 mode, u16 path length, u64 size, path, size bytes   a regular file
 *   'E' u32 text length, text                                   the end: "key value" lines
 * Files and folders come only with `collect`, parents before their contents.
 */
#include "init.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int write_all(int fd, const void *data, size_t length) {
  const char *bytes = data;
  while (length > 0) {
    ssize_t written = write(fd, bytes, length);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return -1;
    bytes += written, length -= (size_t)written;
  }
  return 0;
}

static size_t put(unsigned char *at, uint64_t value, size_t bytes) {
  for (size_t i = 0; i < bytes; i++) at[i] = (unsigned char)(value >> (8 * i));
  return bytes;
}

static void header(int out, char type, unsigned mode, const char *path, const uint64_t *size) {
  unsigned char record[1 + 4 + 2 + 8];
  size_t length = strlen(path), used = 0;
  record[used++] = (unsigned char)type;
  used += put(record + used, mode, 4);
  used += put(record + used, length, 2);
  if (size) used += put(record + used, *size, 8);
  if (write_all(out, record, used) != 0 || write_all(out, path, length) != 0) die("the executor stopped reading the files", NULL);
}

void report_dir(int out, const char *path, unsigned mode) {
  header(out, 'D', mode, path, NULL);
}

void report_file(int out, const char *path, unsigned mode, uint64_t size) {
  header(out, 'F', mode, path, &size);
}

void report_end(int out, int status, const struct measures *measures) {
  char text[1024];
  int length = snprintf(text, sizeof text, "status %d\nexceeded %s\ncpu_ms %llu\nmemory_peak %llu\ntasks_peak %lu\nguard %s\nbox %s\n", status,
                        *measures->exceeded ? measures->exceeded : "-", measures->cpu_ms, measures->memory_peak, measures->tasks_peak, measures->guard,
                        *measures->box ? measures->box : "-");
  for (int i = 0; i < MAX_DISKS && length < (int)sizeof text; i++) {
    const struct disk *disk = &measures->disk_peak[i];
    if (disk->size) length += snprintf(text + length, sizeof text - (size_t)length, "disk%d %llu %llu %llu\n", i, disk->used, disk->size, disk->inodes);
  }
  if (length >= (int)sizeof text) length = (int)sizeof text - 1;
  unsigned char record[5];
  record[0] = 'E';
  put(record + 1, (uint64_t)length, 4);
  /* The executor may be gone (it killed the run): nothing more to do then. */
  if (write_all(out, record, sizeof record) == 0) write_all(out, text, (size_t)length);
  close(out);
}
