#!/usr/bin/env python3
"""Looks for conditional jumps that follow arithmetic in the constant-time bignum code of a release binary.

    swift build -c release --product CoreBenchmarks
    objdump -d --no-show-raw-insn .build/release/CoreBenchmarks | Benchmarks/branch-audit.py

Swift has no way to forbid the optimiser from turning a carry or a mask into a branch (LLVM did exactly that once
here: `borrow1 | borrow2` became a jump on the first borrow). So after changing Limbs, Modulus or Nat, run this and
read what it prints: every conditional jump in those types whose flags come from something other than a `cmp` or
`test` (loop bounds, sizes) is listed with the instruction that set the flags. Expected output: only jumps on sizes
and loop counters (`js`/`jne` after index arithmetic, `shr $0x3b` on a byte count), none after `add`/`adc`/`sub`
of limb values. `…VarTime` functions are skipped because they may branch by contract.
"""
import re
import sys

CONSTANT_TIME = re.compile(r"4Core(5Limbs|7Modulus|3Nat|6Choice|13RSAPrivateKey|9PKCS1v15)")
FLAG_NEUTRAL = {"mov", "lea", "movzbl", "movq", "nop", "nopw", "nopl", "xchg", "data16", "cs"}

functions, current = {}, None
for line in sys.stdin:
    header = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
    if header:
        current = header.group(1)
        functions[current] = []
        continue
    instruction = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)", line)
    if instruction and current:
        functions[current].append(instruction.groups())

found = 0
for name, instructions in functions.items():
    if not CONSTANT_TIME.search(name) or "VarTime" in name:
        continue
    for index, (address, op, _) in enumerate(instructions):
        if not op.startswith("j") or op in ("jmp", "jo", "jno"):
            continue
        previous = index - 1
        while previous >= 0 and instructions[previous][1] in FLAG_NEUTRAL:
            previous -= 1
        setter = instructions[previous] if previous >= 0 else ("", "", "")
        if setter[1] in ("cmp", "cmpb", "cmpq", "cmpl", "test", "testb") or setter[1].startswith("j"):
            continue
        found += 1
        print(f"{name[:70]}  {address}: {op} after {setter[1]} {setter[2][:40]}")
print(f"{found} jump(s) after arithmetic to review", file=sys.stderr)
