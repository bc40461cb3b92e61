#!/usr/bin/env python3
"""Run the examples of README.md as a reader would, and compare.

usage: readme_examples.py README DIR [--print]

Every indented line of README.md that starts with "$ " is a command (a
line ending in a backslash goes on); the indented lines after it, up to the
next command or the end of the block, are what the README says it prints.
The commands run one after the other in one sh, in DIR (a fresh clone:
./clinicdex, data/, tests/), each with its stderr joined to its stdout. A
command ending in "&" runs in the background (and is stopped at the end);
the file it writes to is waited for before the next command.

Each command must exit 0, and each line the README shows must come out of
it, in order (other lines may come between: a line added to a report does
not make the README false). Times and rates are compared as "#": they
differ from run to run. The output of `crawl` is not compared: it is a
progress report, not data. A line "..." stands for lines left out.

The README's `serve` examples name port 8080; the commands run with a
free port put in its place, so that two runs (two checkouts testing at
once) never talk to each other's server.

With --print, the real output of each command is printed instead, to
paste into the README. Exit status 0 when everything matches, 1 otherwise."""
import re
import socket
import subprocess
import sys

MARK = "@@readme-example@@"


def parse(path):
    """[(command, [expected lines])] from the README's indented blocks."""
    examples = []
    cur = None
    cont = False
    for raw in open(path, encoding="utf-8").read().splitlines():
        if cont:
            cur[0] += "\n" + raw.strip()
            cont = raw.endswith("\\")
            continue
        if raw.startswith("    $ "):
            cur = [raw[6:], []]
            examples.append(cur)
            cont = raw.endswith("\\")
        elif raw.startswith("    ") and cur is not None:
            cur[1].append(raw[4:])
        elif raw.strip() == "" and cur is not None:
            cur[1].append("")
        else:
            cur = None
    for ex in examples:
        while ex[1] and ex[1][-1] == "":
            ex[1].pop()
    return examples


def normalise(line):
    line = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "#", line)
    line = re.sub(r"\bin \d+(\.\d+)? s\b", "in # s", line)
    line = re.sub(r"\(\d+ rows/s\)", "(# rows/s)", line)
    return line.rstrip()


def free_port():
    """A loopback port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def script(examples):
    out = ["bg=''", "trap 'for p in $bg; do kill $p 2>/dev/null; done' EXIT"]
    port = free_port()
    for i, (cmd, _) in enumerate(examples):
        cmd = cmd.replace("127.0.0.1:8080", "127.0.0.1:%d" % port)
        out.append("echo '%s %d'" % (MARK, i))
        body = re.sub(r"\s+#[^'\"\n]*$", "", cmd)   # a trailing comment
        if body.rstrip().endswith("&"):
            out.append(body)
            out.append("bg=\"$bg $!\"")
            target = re.search(r">\s*(\S+)\s*&\s*$", body)
            if target:
                # wait for what it writes (the server's port), 10 s at most
                out.append("i=0; while [ ! -s %s ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done"
                           % target.group(1))
            out.append("echo \"%s status 0\"" % MARK)
        else:
            out.append("{\n%s\n} 2>&1" % body)
            # a newline first: the output may not end with one (head -c)
            out.append("printf '\\n%%s status %%d\\n' '%s' $?" % MARK)
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    examples = parse(sys.argv[1])
    if not examples:
        print("no '$ ' example in %s" % sys.argv[1])
        return 1
    run = subprocess.run(["sh", "-c", script(examples)], cwd=sys.argv[2],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = run.stdout.decode("utf-8", "replace")
    outputs, status = {}, {}
    cur = None
    for line in text.split("\n"):
        if line.startswith(MARK + " status "):
            status[cur] = int(line.split()[-1])
        elif line.startswith(MARK + " "):
            cur = int(line.split()[-1])
            outputs[cur] = []
        elif cur is not None:
            outputs[cur].append(line)
    bad = 0
    for i, (cmd, want) in enumerate(examples):
        got = outputs.get(i, [])
        while got and got[-1] == "":
            got.pop()
        first = cmd.splitlines()[0]
        if "--print" in sys.argv:
            print("$ " + cmd)
            print("\n".join(got))
            continue
        if status.get(i) != 0:
            bad += 1
            print("FAIL %s: exit status %s" % (first, status.get(i)))
            print("\n".join("#   " + g for g in got[:10]))
            continue
        if re.match(r"\./clinicdex (.* )?crawl\b", first):
            print("ok %s" % first)
            continue
        at = 0
        norm = [normalise(g) for g in got]
        missing = None
        for w in want:
            if w.strip() in ("", "..."):
                continue
            nw = normalise(w)
            while at < len(norm) and norm[at] != nw:
                at += 1
            if at == len(norm):
                missing = w
                break
            at += 1
        if missing is not None:
            bad += 1
            print("FAIL %s: the README shows a line it does not print:" % first)
            print("#   README: %s" % missing)
            print("\n".join("#   printed: " + g for g in got[:20]))
        else:
            print("ok %s" % first)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
