/**
 * A tiny classic-BPF interpreter for seccomp filters, for tests only. It runs a filter Buffer (as
 * bwrap would hand it to the kernel: struct sock_filter[], little-endian) against one
 * struct seccomp_data and returns the verdict. It implements only what seccomp filters may use
 * and this project emits (word loads from seccomp_data, JA/JEQ/JGT/JGE/JSET against k, RET k);
 * anything else throws, so a generator that starts emitting something new fails loudly here.
 */

export interface SeccompData {
  nr: number;
  arch: number;
  instructionPointer?: bigint;
  /** The six syscall arguments as the kernel sees them (u64 registers). */
  args?: readonly bigint[];
}

export interface Verdict {
  /** The full 32-bit return value. */
  value: number;
  action: 'KILL_PROCESS' | 'ERRNO' | 'ALLOW' | 'OTHER';
  /** For ERRNO: the errno the syscall returns. */
  errno?: number;
  /** How many instructions ran. */
  steps: number;
}

const SECCOMP_DATA_BYTES = 64; // int nr, u32 arch, u64 ip, u64 args[6]
const INSTRUCTION_BYTES = 8;

/** Serialises seccomp_data as the kernel lays it out on a little-endian machine. */
export function seccompData(data: SeccompData): Buffer {
  const buffer = Buffer.alloc(SECCOMP_DATA_BYTES);
  buffer.writeInt32LE(data.nr, 0);
  buffer.writeUInt32LE(data.arch >>> 0, 4);
  buffer.writeBigUInt64LE(data.instructionPointer ?? 0n, 8);
  const args = data.args ?? [];
  if (args.length > 6) throw new Error('seccomp_data has six arguments');
  args.forEach((arg, index) => buffer.writeBigUInt64LE(BigInt.asUintN(64, arg), 16 + 8 * index));
  return buffer;
}

export interface Decoded {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

export function decode(filter: Buffer): Decoded[] {
  if (filter.length === 0 || filter.length % INSTRUCTION_BYTES !== 0) {
    throw new Error(`filter length ${filter.length} is not a positive multiple of ${INSTRUCTION_BYTES}`);
  }
  const program: Decoded[] = [];
  for (let offset = 0; offset < filter.length; offset += INSTRUCTION_BYTES) {
    program.push({
      code: filter.readUInt16LE(offset),
      jt: filter.readUInt8(offset + 2),
      jf: filter.readUInt8(offset + 3),
      k: filter.readUInt32LE(offset + 4),
    });
  }
  return program;
}

export function evaluate(filter: Buffer, data: SeccompData): Verdict {
  const program = decode(filter);
  const input = seccompData(data);
  let accumulator = 0;
  let pc = 0;
  for (let steps = 1; ; steps += 1) {
    const instruction = program[pc];
    if (instruction === undefined) throw new Error(`fell off the end of the filter at ${pc}`);
    const { code, jt, jf, k } = instruction;
    const branch = (taken: boolean): void => {
      pc += 1 + (taken ? jt : jf);
    };
    switch (code) {
      case 0x20: // BPF_LD | BPF_W | BPF_ABS
        if (k % 4 !== 0 || k + 4 > SECCOMP_DATA_BYTES) throw new Error(`bad load offset ${k} at ${pc}`);
        accumulator = input.readUInt32LE(k);
        pc += 1;
        break;
      case 0x05: // BPF_JMP | BPF_JA
        pc += 1 + k;
        break;
      case 0x15: // BPF_JMP | BPF_JEQ | BPF_K
        branch(accumulator === k);
        break;
      case 0x25: // BPF_JMP | BPF_JGT | BPF_K
        branch(accumulator > k);
        break;
      case 0x35: // BPF_JMP | BPF_JGE | BPF_K
        branch(accumulator >= k);
        break;
      case 0x45: // BPF_JMP | BPF_JSET | BPF_K
        branch(((accumulator & k) >>> 0) !== 0);
        break;
      case 0x06: // BPF_RET | BPF_K
        return verdict(k, steps);
      default:
        throw new Error(`unsupported opcode 0x${code.toString(16)} at ${pc}`);
    }
  }
}

function verdict(value: number, steps: number): Verdict {
  const action = value & 0xffff0000;
  if (value === 0x80000000) return { value, action: 'KILL_PROCESS', steps };
  if (action === 0x00050000) return { value, action: 'ERRNO', errno: value & 0xffff, steps };
  if (value === 0x7fff0000) return { value, action: 'ALLOW', steps };
  return { value, action: 'OTHER', steps };
}
