"""A CPU-bound Python program with a known call tree, profiled into
speedscope's format by py-spy (sampled) and pyinstrument (evented); see
tests/data/README.md."""


def mix(x):
    for _ in range(200):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return x


def hash_items(n):
    return sum(mix(i) for i in range(n))


def build_strings(n):
    return len("".join(str(i) for i in range(n)))


def main():
    total = 0
    for _ in range(6):
        total += hash_items(3000)
        total += build_strings(300000)
    print(total)


if __name__ == "__main__":
    main()
