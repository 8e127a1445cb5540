#!/usr/bin/env python3
"""Times `shoshin lsp` as an editor sees it, on a records repository.

Usage: benches/lsp.py SHOSHIN_BINARY ROOT [EDITS]

SHOSHIN_BINARY is the binary to time (a release build for the figures:
`target/release/shoshin`); ROOT a records repository, e.g. one made by
`python3 benches/generate.py ../lsp-10000 --items 10000 --git 2000`.
The two figures the design promises are printed last, in a table:

- first diagnostics: from starting the server to the first
  `textDocument/publishDiagnostics` (target: at most 1 s at 10,000 items);
- edit -> diagnostics: the median over EDITS edits (target: at most 100 ms).

What is measured:

- first diagnostics: from starting the server to the first
  `textDocument/publishDiagnostics` (the initialize request is sent at once);
- per edit: an item is opened, then EDITS times (default 20) a
  `textDocument/didChange` adds or removes a broken `[[NO-SUCH-ID]]` in its
  body, and the time until the server publishes that file's new diagnostics
  is taken (median and maximum);
- hover after an edit: the same, but a hover request right after the change,
  which waits for the re-check.

The first diagnostics are those that need no git history; the server
reads the history in the background and publishes what it adds after them.
The server writes its history cache into ROOT/.git as `check` does: use a
copy of a repository you may write to, and remove ROOT/.git/shoshin before
a run to time a first start. The user and system CPU time of the server
over the whole run is printed at the end. Standard library only.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import queue
import resource
import time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def reader(stream, out):
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                out.put(None)
                return
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        out.put((time.perf_counter(), json.loads(stream.read(length))))


def main():
    if len(sys.argv) < 3 or not os.path.isfile(sys.argv[1]) or not os.path.isdir(sys.argv[2]):
        raise SystemExit(__doc__)
    binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    items = sorted(os.listdir(os.path.join(root, "items")))
    path = os.path.join(root, "items", items[len(items) // 2])
    uri = "file://" + path
    with open(path, encoding="utf-8") as f:
        text = f.read()

    started = time.perf_counter()
    server = subprocess.Popen([binary, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    messages = queue.Queue()
    threading.Thread(target=reader, args=(server.stdout, messages), daemon=True).start()

    def send(message):
        server.stdin.write(frame(message))
        server.stdin.flush()

    def wait(wanted):
        while True:
            item = messages.get(timeout=600)
            if item is None:
                raise SystemExit("the server stopped")
            at, message = item
            if wanted(message):
                return at, message

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
    initialized, _ = wait(lambda m: m.get("id") == 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    first, _ = wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    print(f"initialize answered after {initialized - started:.3f} s")
    print(f"first diagnostics after {first - started:.3f} s")

    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    # Let the first publication and the open settle.
    time.sleep(1.0)
    while not messages.empty():
        messages.get()

    def publication_for(m):
        return m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri

    latencies = []
    version = 1
    for i in range(edits):
        version += 1
        new_text = text + ("\nSee [[NO-SUCH-ID]].\n" if i % 2 == 0 else "")
        sent = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": version},
                         "contentChanges": [{"text": new_text}]}})
        at, _ = wait(publication_for)
        latencies.append(at - sent)
    print(f"edit -> diagnostics: median {statistics.median(latencies):.3f} s, "
          f"max {max(latencies):.3f} s ({edits} edits)")

    hovers = []
    for i in range(edits):
        version += 1
        new_text = text + ("\nSee [[NO-SUCH-ID]].\n" if i % 2 == 0 else "")
        sent = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": version},
                         "contentChanges": [{"text": new_text}]}})
        send({"jsonrpc": "2.0", "id": 1000 + i, "method": "textDocument/hover",
              "params": {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}}})
        at, _ = wait(lambda m, i=i: m.get("id") == 1000 + i)
        hovers.append(at - sent)
    print(f"edit -> hover answered: median {statistics.median(hovers):.3f} s, "
          f"max {max(hovers):.3f} s ({edits} edits)")

    median_edit = statistics.median(latencies)
    items = len(items)
    print()
    print(f"| {items} items | measured | target |")
    print("|---|---:|---:|")
    print(f"| first diagnostics | {first - started:.3f} s | 1 s |")
    print(f"| edit -> diagnostics (median of {edits}) | {median_edit * 1000:.0f} ms | 100 ms |")
    print(f"| edit -> diagnostics (max) | {max(latencies) * 1000:.0f} ms | |")

    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    wait(lambda m: m.get("id") == 2)
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=60)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"server CPU over the run: {used.ru_utime:.2f} s user, {used.ru_stime:.2f} s system")


if __name__ == "__main__":
    main()
