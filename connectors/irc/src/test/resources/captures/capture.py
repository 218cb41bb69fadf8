#!/usr/bin/env python3
"""Captures real IRC server lines with two raw-socket clients (no IRC library).

usage: capture.py PORT OUTDIR [wait-for-server-ping-seconds]
Writes OUTDIR/alice.txt and OUTDIR/bob.txt: every line each client received, one per line.
"""
import socket, sys, time

port, outdir = int(sys.argv[1]), sys.argv[2]
ping_wait = float(sys.argv[3]) if len(sys.argv) > 3 else 0


class Client:
    def __init__(self, name):
        self.name, self.lines, self.buf = name, [], b""
        self.s = socket.create_connection(("127.0.0.1", port))
        self.s.settimeout(0.3)

    def send(self, raw):
        self.s.sendall(raw if isinstance(raw, bytes) else raw.encode() + b"\r\n")

    def pump(self, seconds=0.8):
        end = time.time() + seconds
        while time.time() < end:
            try:
                data = self.s.recv(65536)
            except socket.timeout:
                continue
            if not data:
                break
            self.buf += data
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                line = line.rstrip(b"\r")
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError:
                    text = line.decode("latin-1")
                self.lines.append(text)
                if text.startswith("PING") or " PING " in text.split(" :")[0]:
                    self.send("PONG :" + text.split(" ")[-1].lstrip(":"))


def register(c, caps):
    c.send("CAP LS 302")
    c.send("NICK " + c.name)
    c.send("USER " + c.name + " 0 * :Real " + c.name)
    c.pump()
    offered = set()
    for l in c.lines:
        if " CAP " in l and " LS " in l:
            offered |= {t.split("=")[0] for t in l.split(" :", 1)[1].split()}
    want = [x for x in caps if x in offered]
    if want:
        c.send("CAP REQ :" + " ".join(want))
        c.pump(0.5)
    c.send("CAP END")
    c.pump(1.0)


caps = ["multi-prefix", "server-time", "message-tags", "echo-message", "away-notify", "account-tag", "batch", "cap-notify"]
alice, bob = Client("alice"), Client("bob")
register(alice, caps)
register(bob, [])
alice.send("JOIN #ferry"); alice.pump()
alice.send("TOPIC #ferry :Ferry test topic"); alice.pump(0.5)
bob.send("JOIN #ferry"); bob.pump()
alice.send("PRIVMSG #ferry :hello from alice"); alice.send("PRIVMSG #ferry :\x01ACTION waves\x01")
alice.send("NOTICE #ferry :a notice"); alice.send("PRIVMSG bob :\x02bold\x02 \x0304,01red\x03 \x1ditalic\x1d")
alice.send("PRIVMSG #ferry :caf\u00e9 \U0001F600 emoji")
alice.send(b"PRIVMSG #ferry :caf\xe9 latin-1\r\n")
alice.send("PRIVMSG bob :\x01VERSION\x01")
bob.pump(); bob.send("NOTICE alice :\x01VERSION rawclient 1.0\x01")
bob.send("NICK alice"); bob.pump(0.5)
bob.send("PRIVMSG #nonexistent :x"); bob.send("PRIVMSG nobody :x"); bob.send("FOOBAR"); bob.pump(0.5)
bob.send("PING :ferry-1"); bob.pump(0.5)
bob.send("NICK bobby"); bob.send("PART #ferry :bye"); bob.pump(0.5)
alice.pump(1.0)
if ping_wait:
    alice.pump(ping_wait); bob.pump(0.1)
bob.send("QUIT :done"); bob.pump(0.5); alice.pump(0.5)
alice.send("QUIT :done"); alice.pump(0.5)
for c in (alice, bob):
    with open(f"{outdir}/{c.name}.txt", "w", encoding="utf-8") as f:
        for l in c.lines:
            f.write(l + "\n")
