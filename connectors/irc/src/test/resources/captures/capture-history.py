#!/usr/bin/env python3
"""Captures a real server-history replay on join (InspIRCd 3 chanhistory, channel mode +H) with
raw-socket clients (no IRC library).

usage: capture-history.py PORT OUTFILE
  FERRY_PEER_NAME=probe FERRY_IRC_PORT=16668 src/peers/inspircd.sh start
  python3 capture-history.py 16668 inspircd/chathistory.txt
Writes every line the joining client ("carol", with batch, server-time and message-tags) received
from its JOIN on, one per line, as UTF-8.
"""
import socket, sys, time

port, out = int(sys.argv[1]), sys.argv[2]


def connect(nick, caps=""):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(0.3)
    if caps:
        s.sendall(("CAP REQ :" + caps + "\r\n").encode())
    s.sendall(("NICK %s\r\nUSER %s 0 * :Real %s\r\n" % (nick, nick, nick)).encode())
    if caps:
        s.sendall(b"CAP END\r\n")
    seen = b""
    while b" 001 " not in seen:  # InspIRCd registers after its DNS look-up; a JOIN before that gets 451
        seen += pump(s, 0.3)
    return s


def pump(s, seconds=0.8):
    end, data = time.time() + seconds, b""
    while time.time() < end:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        data += chunk
    for line in data.split(b"\r\n"):
        if line.startswith(b"PING "):
            s.sendall(b"PONG " + line[5:] + b"\r\n")
    return data


alice, bob = connect("alice"), connect("bob")
alice.sendall(b"JOIN #history\r\nMODE #history +H 100:1d\r\nTOPIC #history :history on join\r\n")
pump(alice)
bob.sendall(b"JOIN #history\r\n")
pump(bob)
for raw in [b"PRIVMSG #history :plain words",
            b"PRIVMSG #history :\x01ACTION waves\x01",
            b"NOTICE #history :a notice to the channel",
            b"PRIVMSG #history :\x02bold\x02 and \x1ditalic\x1d and \x0304red\x03",
            "PRIVMSG #history :emoji \U0001F600 and caf\u00e9".encode(),
            b"PRIVMSG #history :\x01VERSION\x01",
            b"PRIVMSG #history :last line"]:
    bob.sendall(raw + b"\r\n")
    time.sleep(0.05)
alice.sendall(b"PRIVMSG #history :from alice\r\n")
pump(alice), pump(bob)
carol = connect("carol", "batch server-time message-tags multi-prefix")
carol.sendall(b"JOIN #history\r\n")
lines = pump(carol, 1.5).decode("utf-8").split("\r\n")
with open(out, "w", encoding="utf-8") as f:
    for line in lines:
        if line:
            f.write(line + "\n")
for s in (alice, bob, carol):
    s.sendall(b"QUIT\r\n")
