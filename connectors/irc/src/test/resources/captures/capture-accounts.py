#!/usr/bin/env python3
"""Captures SASL EXTERNAL (CertFP) and account lines from a real InspIRCd + Atheme (README).

    FERRY_PEER_NAME=probe FERRY_IRC_PORT=11600 src/peers/inspircd.sh start
    FERRY_PEER_NAME=probe FERRY_IRC_PORT=11600 src/peers/atheme.sh start
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=good -keyout good.key -out good.pem
    (the same for "bad")
    python3 capture-accounts.py 11600 /tmp/ferry-peers/inspircd-probe/tls/ca.pem <unique account name>

Prints every line each raw client received, prefixed by the client's role; the README says which
roles' lines went into which file. Plain sockets and ssl, no IRC library.
"""
import socket, ssl, sys, time

PORT, CA, ACCT = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class C:
    def __init__(s, name, tls=False, cert=None):
        sock = socket.create_connection(('127.0.0.1', PORT + 30 if tls else PORT))
        if tls:
            ctx = ssl.create_default_context(cafile=CA)
            if cert:
                ctx.load_cert_chain(cert + '.pem', cert + '.key')
            sock = ctx.wrap_socket(sock, server_hostname='localhost')
        s.s, s.buf, s.name = sock, b'', name

    def send(s, line):
        s.s.sendall((line + '\r\n').encode())

    def lines(s, until, timeout=10):
        end = time.time() + timeout
        s.s.settimeout(0.5)
        while time.time() < end:
            try:
                d = s.s.recv(4096)
            except (socket.timeout, TimeoutError, ssl.SSLError):
                d = None
            if d == b'':
                return
            if d:
                s.buf += d
            while b'\r\n' in s.buf:
                line, s.buf = s.buf.split(b'\r\n', 1)
                line = line.decode('utf-8', 'replace')
                if line.startswith('PING'):
                    s.send('PONG' + line[4:])
                    continue
                print(s.name, '<<', line)
                if until(line):
                    return line


def register_caps(c, nick, caps):
    c.send('CAP LS 302'); c.send('NICK ' + nick); c.send('USER u 0 * :x')
    c.lines(lambda l: ' LS ' in l)
    c.send('CAP REQ :' + caps); c.lines(lambda l: ' ACK ' in l)


# An account, its certificate added while logged in by password.
reg = C('reg'); reg.send('NICK ' + ACCT); reg.send('USER ' + ACCT + ' 0 * :x'); reg.lines(lambda l: ' 001 ' in l)
reg.send('PRIVMSG NickServ :REGISTER pw-123456 ' + ACCT + '@example.org'); reg.lines(lambda l: 'is now registered' in l)
add = C('certadd', True, 'good'); add.send('NICK ' + ACCT + 'x'); add.send('USER u 0 * :x'); add.lines(lambda l: ' 376 ' in l)
add.send('PRIVMSG NickServ :IDENTIFY ' + ACCT + ' pw-123456'); add.lines(lambda l: 'NickServ' in l)
add.send('PRIVMSG NickServ :CERT ADD'); add.lines(lambda l: 'NickServ' in l); add.send('QUIT')
reg.send('CAP REQ :account-notify extended-join account-tag'); reg.lines(lambda l: ' CAP ' in l)
reg.send('JOIN #acct'); reg.lines(lambda l: ' 366 ' in l)
# ext-good: EXTERNAL with the certificate on the account
good = C('ext-good', True, 'good'); register_caps(good, 'p' + ACCT, 'sasl account-tag account-notify extended-join')
good.send('AUTHENTICATE EXTERNAL'); good.lines(lambda l: 'AUTHENTICATE' in l); good.send('AUTHENTICATE +')
good.lines(lambda l: ' 903 ' in l or ' 904 ' in l); good.send('CAP END'); good.lines(lambda l: ' 376 ' in l)
good.send('JOIN #acct'); good.lines(lambda l: ' 366 ' in l); reg.lines(lambda l: 'JOIN' in l)
good.send('PRIVMSG #acct :hi with account'); reg.lines(lambda l: 'PRIVMSG' in l)
good.send('WHOIS p' + ACCT); good.lines(lambda l: ' 318 ' in l)
# ext-bad: a certificate on no account, then an unknown mechanism (908)
bad = C('ext-bad', True, 'bad'); register_caps(bad, 'q' + ACCT, 'sasl')
bad.send('AUTHENTICATE EXTERNAL'); bad.lines(lambda l: 'AUTHENTICATE' in l); bad.send('AUTHENTICATE +')
bad.lines(lambda l: ' 903 ' in l or ' 904 ' in l)
bad.send('AUTHENTICATE SCRAM-FOO'); bad.lines(lambda l: False, 3)
bad.send('CAP END'); bad.lines(lambda l: ' 376 ' in l); bad.send('JOIN #acct'); bad.lines(lambda l: ' 366 ' in l)
reg.lines(lambda l: 'JOIN' in l)
# ext-nocert: EXTERNAL without a certificate
none = C('ext-nocert', True); register_caps(none, 'r' + ACCT, 'sasl')
none.send('AUTHENTICATE EXTERNAL'); none.lines(lambda l: 'AUTHENTICATE' in l); none.send('AUTHENTICATE +')
none.lines(lambda l: ' 904 ' in l)
# watcher: WHOX, then someone registering, logging out and in again (account-notify)
w = C('watcher'); register_caps(w, 'w' + ACCT, 'account-notify extended-join account-tag'); w.send('CAP END')
w.lines(lambda l: ' 376 ' in l); w.send('JOIN #acct'); w.lines(lambda l: ' 366 ' in l)
w.send('WHO #acct %tna,152'); w.lines(lambda l: ' 315 ' in l)
b = C('b'); b.send('NICK g' + ACCT); b.send('USER g 0 * :x'); b.lines(lambda l: ' 376 ' in l)
b.send('JOIN #acct'); b.lines(lambda l: ' 366 ' in l); w.lines(lambda l: 'JOIN' in l)
b.send('PRIVMSG NickServ :REGISTER pw-123456 g' + ACCT + '@example.org'); b.lines(lambda l: 'registered' in l)
w.lines(lambda l: ' ACCOUNT ' in l)
b.send('PRIVMSG NickServ :LOGOUT'); b.lines(lambda l: ' 901 ' in l); w.lines(lambda l: ' ACCOUNT ' in l)
b.send('PRIVMSG NickServ :IDENTIFY g' + ACCT + ' pw-123456'); b.lines(lambda l: ' 900 ' in l); w.lines(lambda l: ' ACCOUNT ' in l)
b.send('PRIVMSG #acct :tagged'); w.lines(lambda l: 'PRIVMSG' in l)
b.send('PART #acct'); w.lines(lambda l: 'PART' in l)
b.send('JOIN #acct'); w.lines(lambda l: 'JOIN' in l)
