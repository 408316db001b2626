/*
 * The memory guard, for runs that no cgroup bounds: a writable mapping larger than the whole memory
 * limit (mmap, or mremap growing one) cannot fit in it, so the program is stopped before it gets it
 * and the run reads as over its memory limit. Without the guard such an allocation would fail
 * against the address-space rlimit, and the program would end as its own error (MemoryError,
 * bad_alloc) that nobody could tell from any other. A second seccomp filter, stacked on the
 * sandbox's, sends those calls to this process (SECCOMP_RET_USER_NOTIF, Linux 5.0), which refuses
 * them and ends the run; every other call goes on untouched, at no cost.
 */
#include "init.h"
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "sentinel-init knows the system calls of x86_64 and aarch64 only"
#endif

#define ARG_LO(n) (offsetof(struct seccomp_data, args) + (n) * sizeof(__u64))
#define ARG_HI(n) (ARG_LO(n) + sizeof(__u32))

/* In the program's process, before it starts: install the filter and pass its listener over `channel`. */
int guard_install(unsigned long long max_mapping, int channel) {
  __u32 hi = (__u32)(max_mapping >> 32), lo = (__u32)max_mapping;
  enum { ALLOW = 17, NOTIFY = 18 };
  /* Jump offsets count from the next instruction: target - (index + 1). */
  struct sock_filter filter[] = {
      /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 0, ALLOW - 2),
      /* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      /* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mmap, 0, 11 - 4),
      /* 4 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)), /* prot */
      /* 5 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_WRITE, 0, ALLOW - 6),
      /* 6 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(1)), /* length */
      /* 7 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, hi, NOTIFY - 8, 0),
      /* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, hi, 0, ALLOW - 9),
      /* 9 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1)),
      /* 10 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, lo, NOTIFY - 11, ALLOW - 11),
      /* 11 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mremap, 0, ALLOW - 12),
      /* 12 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(2)), /* new length */
      /* 13 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, hi, NOTIFY - 14, 0),
      /* 14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, hi, 0, ALLOW - 15),
      /* 15 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
      /* 16 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, lo, NOTIFY - 17, ALLOW - 17),
      /* 17 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      /* 18 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
  };
  struct sock_fprog program = {.len = sizeof filter / sizeof filter[0], .filter = filter};
  int listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
  if (listener < 0) return -1; /* the parent reads the channel's end and runs without the guard */
  char byte = 0;
  struct iovec data = {.iov_base = &byte, .iov_len = 1};
  char control[CMSG_SPACE(sizeof(int))] = {0};
  struct msghdr message = {.msg_iov = &data, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  struct cmsghdr *header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(header), &listener, sizeof(int));
  int sent = sendmsg(channel, &message, MSG_NOSIGNAL) == 1 ? 0 : -1;
  close(listener);
  return sent;
}

/* In sentinel-init: the listener the program's process sent, or -1 when it could not install one. */
int guard_receive(int channel) {
  char byte;
  struct iovec data = {.iov_base = &byte, .iov_len = 1};
  char control[CMSG_SPACE(sizeof(int))] = {0};
  struct msghdr message = {.msg_iov = &data, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  ssize_t got;
  while ((got = recvmsg(channel, &message, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  struct cmsghdr *header = got == 1 ? CMSG_FIRSTHDR(&message) : NULL;
  if (!header || header->cmsg_type != SCM_RIGHTS) return -1;
  int listener;
  memcpy(&listener, CMSG_DATA(header), sizeof(int));
  return listener;
}

/* One notification: refuse the call (ENOMEM) and answer 1, the run is over its memory limit. */
int guard_answer(int listener) {
  struct seccomp_notif request;
  memset(&request, 0, sizeof request);
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &request) != 0) return 0; /* its caller is gone */
  struct seccomp_notif_resp response = {.id = request.id, .error = -ENOMEM, .val = 0, .flags = 0};
  ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &response);
  return 1;
}
