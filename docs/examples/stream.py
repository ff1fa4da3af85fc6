"""The random stream of one input in one trial, as docs/model.md#random-streams
states it, in plain Python: enough to check a uniform draw of peacesim by hand.

    python3 docs/examples/stream.py SEED KEY_PATH TRIAL

prints the trial's key, the input's key, the PCG state the stream starts
from, its first 64-bit output and the uniform float64 made of it.
"""
import hashlib
import struct
import sys

MASK = (1 << 64) - 1


def splitmix64(x):
    """SplitMix64's finaliser, after adding the golden-ratio increment."""
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def trial_key(seed, trial):
    u = splitmix64(seed ^ splitmix64(trial))
    return u, splitmix64(u ^ 0x6A09E667F3BCC909)


def input_key(key_path):
    """The first 16 bytes of the key path's SHA-256, as two little-endian words."""
    return struct.unpack("<QQ", hashlib.sha256(key_path.encode()).digest()[:16])


class PCG:
    """math/rand/v2's PCG: a 128-bit LCG with the DXSM output function."""

    MUL = (2549297995355413924 << 64) | 4865540595714422341
    INC = (6364136223846793005 << 64) | 1442695040888963407

    def __init__(self, hi, lo):
        self.state = (hi << 64) | lo

    def uint64(self):
        self.state = (self.state * self.MUL + self.INC) & ((1 << 128) - 1)
        hi, lo = self.state >> 64, self.state & MASK
        hi ^= hi >> 32
        hi = (hi * 0xDA942042E4DD58B5) & MASK
        hi ^= hi >> 48
        return (hi * (lo | 1)) & MASK


def main():
    seed, key_path, trial = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    u, v = trial_key(seed, trial)
    hi, lo = input_key(key_path)
    s1, s2 = splitmix64(u ^ hi), splitmix64(v ^ lo)
    x = PCG(s1, s2).uint64()
    print(f"trial key    u = {u:#018x}  v = {v:#018x}")
    print(f"input key   hi = {hi:#018x} lo = {lo:#018x}")
    print(f"PCG seed    hi = {s1:#018x} lo = {s2:#018x}")
    print(f"first Uint64   = {x:#018x}")
    print(f"Float64        = {(x & ((1 << 53) - 1)) / 2.0**53!r}")


if __name__ == "__main__":
    main()
