#!/usr/bin/python3
"""smtp_sink.py: a real SMTP server on loopback for the mail tests (Debian's
python3-aiosmtpd). Each message it accepts is written, whole and as received
(after SMTP dot-unstuffing), to DIR/NNNNNN.eml, with two lines in front:
"X-Sink-Mail-From:" and "X-Sink-Rcpt-To:" (the envelope).

  smtp_sink.py --dir DIR --port-file FILE [--reject ADDR]... [--tempfail ADDR]...
               [--delay SECONDS]

It listens on 127.0.0.1 on a free port and writes the port to FILE once it
listens. --reject ADDR: RCPT TO that address gets "550 5.1.1 no such user";
--tempfail ADDR: "451 4.3.0 try again later"; --delay: wait this long
before accepting each message (to kill a sender mid-batch)."""
import argparse, asyncio, os, sys
from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory, reject, tempfail, delay):
        self.directory = directory
        self.reject = {a.lower() for a in reject}
        self.tempfail = {a.lower() for a in tempfail}
        self.delay = delay
        self.count = len([f for f in os.listdir(directory) if f.endswith('.eml')])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return '550 5.1.1 <%s>: no such user here' % address
        if address.lower() in self.tempfail:
            return '451 4.3.0 mailbox busy, try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.count += 1
        name = os.path.join(self.directory, '%06d.eml' % self.count)
        head = ('X-Sink-Mail-From: %s\r\nX-Sink-Rcpt-To: %s\r\n'
                % (envelope.mail_from, ','.join(envelope.rcpt_tos))).encode()
        with open(name + '.tmp', 'wb') as f:
            f.write(head + envelope.original_content)
        os.rename(name + '.tmp', name)
        return '250 2.0.0 OK: queued as %d' % self.count


async def main():
    p = argparse.ArgumentParser()
    p.add_argument('--dir', required=True)
    p.add_argument('--port-file', required=True)
    p.add_argument('--reject', action='append', default=[])
    p.add_argument('--tempfail', action='append', default=[])
    p.add_argument('--delay', type=float, default=0)
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    handler = Sink(a.dir, a.reject, a.tempfail, a.delay)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname='sink.test', decode_data=False),
        host='127.0.0.1', port=0)
    port = server.sockets[0].getsockname()[1]
    with open(a.port_file + '.tmp', 'w') as f:
        f.write('%d\n' % port)
    os.rename(a.port_file + '.tmp', a.port_file)
    async with server:
        await server.serve_forever()

if __name__ == '__main__':
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
